// CommonJS: require("ts-otp") loads the ES module itself (Node >= 20.19 / 22.12), the same instance
// that `import` gets, so a program mixing both still has one scheduler.
const otp = require("ts-otp");
import("ts-otp").then((esm) => {
  if (typeof otp.spawn !== "function") throw new Error("require('ts-otp') has no spawn");
  if (esm.spawn !== otp.spawn) throw new Error("require and import gave two instances");
  console.log("require: one instance");
});
