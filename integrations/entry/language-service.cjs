// `"plugins": [{ "name": "ts-otp/language-service" }]`: the tsserver plugin (../language-service.ts),
// built into dist/ in the package, compiled from source in a checkout (see ../load-source.cjs,
// loadOwn). CommonJS because tsserver `require`s plugins; the module's factory is the export
// tsserver calls.
"use strict";
module.exports = require("../load-source.cjs").loadOwn("integrations/language-service").default;
