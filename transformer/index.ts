// ts-otp/transformer: the receive compiler. One core (compile.ts: parse patterns -> plan -> emit)
// behind every door; this module is its public face.
export * from "./api.js";
export { compile, mightContainDsl } from "./compile.js";
