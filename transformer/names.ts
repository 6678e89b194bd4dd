// Generated names that cannot collide with the user's: every name the compiler introduces
// (`$m`, `__m1`, `__otp_recv`, ...) is checked against every identifier-like word of the file and,
// when taken, suffixed until it is free. Files that use none of them get the plain names.

export class GeneratedNames {
  private readonly taken: Set<string>;
  private readonly given = new Map<string, string>();

  constructor(source: string) {
    // A superset of the file's identifiers (words in strings and comments too): over-avoiding is harmless.
    this.taken = new Set(source.match(/[A-Za-z_$][\w$]*/g) ?? []);
  }

  /** The name to use for `base`: the same answer every time for one base, never a word of the file. */
  get(base: string): string {
    let name = this.given.get(base);
    if (name !== undefined) return name;
    name = base;
    for (let k = 1; this.taken.has(name); k++) name = `${base}_${k}`;
    this.taken.add(name);
    this.given.set(base, name);
    return name;
  }
}
