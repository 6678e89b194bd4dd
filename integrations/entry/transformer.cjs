// `require("ts-otp/transformer")`, how ts-patch loads the plugin: the compiler core and its
// ts-patch door (transformer/ts-patch.ts), built into dist/ in the package, compiled from source
// in a checkout (see ../load-source.cjs, loadOwn).
"use strict";
module.exports = require("../load-source.cjs").loadOwn("transformer/ts-patch");
