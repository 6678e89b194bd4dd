// Types of pattern bindings, as the receive compiler emits them: a binding's type is the part of
// the message type that the pattern selects. The compiler writes the pattern as a type P
// (literals as literal types, variables as unknown) and the binding's position as a key path.
// NOTE: keep in step with transformer/emit.ts, which names these types.

/**
 * The members of T that pattern type P can match. When none can (the pattern expects a message
 * the type does not list) or T is unknown, the pattern type itself: what the pattern tests
 * (`X as number`, literals) is all that is known.
 */
export type Narrow<T, P> = unknown extends T ? P : OrElse<DistNarrow<T, P>, P>;
type DistNarrow<T, P> = T extends unknown ? (T extends P ? T : P extends T ? P : Structural<T, P>) : never;

/**
 * When neither side contains the other, narrow position by position: an array type against a
 * tuple pattern (`string[]` vs `[H, ...T]` gives `[string, ...string[]]`), a tuple against a
 * same-length tuple pattern, an object against an object pattern (their intersection).
 */
type Structural<T, P> = P extends readonly unknown[]
  ? T extends readonly unknown[]
    ? number extends T["length"]
      ? NoNever<{ -readonly [K in keyof P]: Inner<T[number], P[K]> }>
      : T["length"] extends P["length"]
        ? NoNever<{ -readonly [K in keyof P]: Inner<K extends keyof T ? T[K] : unknown, P[K]> }>
        : never
    : never
  : P extends object
    ? T extends object
      ? T & P
      : never
    : never;
/** A tuple with a position that cannot match cannot match. */
type NoNever<T> = T extends readonly unknown[]
  ? true extends { [K in keyof T]: [T[K]] extends [never] ? true : false }[number]
    ? never
    : T
  : T;
type OrElse<N, T> = [N] extends [never] ? T : N;
/** Narrow without the fallback: inside a structure, a position that cannot match is never. */
type Inner<T, P> = unknown extends T ? P : DistNarrow<T, P>;

/** T[K] for each member of T that has K, unknown otherwise. */
export type At<T, K> = unknown extends T ? unknown : T extends unknown ? (K extends keyof T ? T[K] : unknown) : never;

/** Follows a key path. */
export type Path<T, Ks> = Ks extends readonly [infer K, ...infer R] ? Path<At<T, K>, R> : T;

/** The type of the binding at key path Ks of a message of type T matched by pattern type P. */
export type Bind<T, P, Ks> = Path<Narrow<T, P>, Ks>;

/** The type of a rest binding (`[H, ...Rest]`): the tuple or array at Ks without its first N elements. */
export type BindRest<T, P, Ks, N extends number> = Drop<Path<Narrow<T, P>, Ks>, N>;

type Drop<T, N extends number, C extends unknown[] = []> = unknown extends T
  ? unknown[]
  : C["length"] extends N
    ? T
    : T extends readonly [unknown, ...infer R]
      ? Drop<R, N, [...C, unknown]>
      : T extends readonly (infer E)[]
        ? E[]
        : unknown[];
