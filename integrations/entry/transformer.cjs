// `require("ts-otp/transformer")` — how ts-patch loads the plugin: the compiler core and its
// ts-patch door (transformer/ts-patch.ts), compiled from source on load (see ../load-source.cjs).
"use strict";
module.exports = require("../load-source.cjs").loadSource("../../transformer/ts-patch.ts", __filename);
