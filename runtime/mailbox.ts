// A process's mailbox: messages in arrival order, with removal from anywhere for selective receive.
// Taken messages leave a hole (O(1)); the head advances past holes and the array is compacted when
// it is mostly dead, so a long-lived mailbox never grows without bound.

/** What a receive tests messages with: `true` or a clause index >= 0 takes the message. */
export type Matcher = (msg: any) => boolean | number;

const HOLE: unique symbol = Symbol("ts-otp/hole");
/** Returned by `take` when no message matches. */
export const NONE: unique symbol = Symbol("ts-otp/none");

/** Whether a matcher's answer means "take it". Keep in step with the compiled matchers (clause index or -1). */
export function isMatch(r: boolean | number): r is true | number {
  return r === true || (typeof r === "number" && r >= 0);
}

export class Mailbox {
  private q: unknown[] = [];
  private head = 0;
  private holes = 0;
  /** The clause index the last successful `take` matched (0 for a boolean matcher). */
  clause = 0;

  get length(): number {
    return this.q.length - this.head - this.holes;
  }

  push(msg: unknown): void {
    this.q.push(msg);
  }

  /**
   * Removes and returns the oldest message the matcher takes, or NONE. A matcher that throws counts
   * as "no match" for that message (a guard that throws fails, as in Erlang).
   */
  take(matcher: Matcher): unknown {
    const q = this.q;
    const len = q.length;
    let i = this.head;
    for (;;) {
      try {
        for (; i < len; i++) {
          const m = q[i];
          if (m === HOLE) continue;
          const r = matcher(m);
          if (isMatch(r)) {
            this.clause = r === true ? 0 : r;
            this.removeAt(i);
            return m;
          }
        }
        return NONE;
      } catch {
        i++;
      }
    }
  }

  /** The messages still queued, oldest first (a copy, for introspection). */
  toArray(): unknown[] {
    const out: unknown[] = [];
    for (let i = this.head; i < this.q.length; i++) if (this.q[i] !== HOLE) out.push(this.q[i]);
    return out;
  }

  private removeAt(i: number): void {
    const q = this.q;
    if (i === this.head) {
      q[i] = undefined;
      let h = i + 1;
      while (h < q.length && q[h] === HOLE) {
        q[h] = undefined;
        h++;
        this.holes--;
      }
      this.head = h;
    } else {
      q[i] = HOLE;
      this.holes++;
    }
    if (this.head === q.length) {
      q.length = 0;
      this.head = 0;
      this.holes = 0;
    } else if (this.head + this.holes > 1024 && (this.head + this.holes) * 2 > q.length) {
      this.compact();
    }
  }

  private compact(): void {
    const live: unknown[] = [];
    for (let i = this.head; i < this.q.length; i++) if (this.q[i] !== HOLE) live.push(this.q[i]);
    this.q = live;
    this.head = 0;
    this.holes = 0;
  }
}
