// The Erlang-style rows' sizes, in a module of their own (no DSL, no runtime) so that the floor's
// runs (floor-one.ts) load nothing of ts-otp.
export const SIZES = { ringN: 10_000, ringM: 300, pingpong: 1_000_000, counter: 2_000_000, allocator: 1_000_000 };
