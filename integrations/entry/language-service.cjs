// `"plugins": [{ "name": "ts-otp/language-service" }]`: the tsserver plugin (../language-service.ts),
// compiled from source on load (see ../load-source.cjs). CommonJS because tsserver `require`s
// plugins; the module's factory is the export tsserver calls.
"use strict";
module.exports = require("../load-source.cjs").loadSource("../language-service.ts", __filename).default;
