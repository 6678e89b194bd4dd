// Generated names that cannot collide with the user's: every name the compiler introduces
// (`$m`, `__m1`, `__otp_recv`, ...) is checked against the words of the file and, when taken,
// suffixed until it is free. Files that use none of them get the plain names.

export class GeneratedNames {
  private readonly given = new Map<string, string>();
  private readonly mine = new Set<string>();

  constructor(private readonly source: string) {}

  /** The name to use for `base`: the same answer every time for one base, never a word of the file. */
  get(base: string): string {
    let name = this.given.get(base);
    if (name !== undefined) return name;
    name = base;
    for (let k = 1; this.taken(name); k++) name = `${base}_${k}`;
    this.mine.add(name);
    this.given.set(base, name);
    return name;
  }

  /** Whether `name` is a word of the file (in code, strings or comments: over-avoiding is harmless) or already given. */
  private taken(name: string): boolean {
    return this.mine.has(name) || (this.source.includes(name) && wordIn(this.source, name));
  }
}

/** Whether `word` occurs in `text` as a whole identifier, not as part of a longer one. */
export function wordIn(text: string, word: string): boolean {
  return countWord(text, word) > 0;
}

/** How many times `word` occurs in `text` as a whole identifier. */
export function countWord(text: string, word: string): number {
  const escaped = word.replace(/[$]/g, "\\$");
  return text.match(new RegExp(`(?<![\\w$\\u0080-\\uffff])${escaped}(?![\\w$\\u0080-\\uffff])`, "g"))?.length ?? 0;
}
