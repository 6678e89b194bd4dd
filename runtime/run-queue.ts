// The run queue: a power-of-two ring buffer of runnable processes, FIFO for fairness. It grows
// when full and halves when a quarter full, so a peak of runnable processes is not kept forever.

import type { Process } from "./process.js";

const MIN = 1024;

export class RunQueue {
  private buf: (Process | undefined)[] = new Array(MIN);
  private mask = MIN - 1;
  private head = 0;
  size = 0;
  /** Halve when fewer than this many are queued (a quarter of the slots; never below MIN slots). */
  private shrinkBelow = 0;

  push(p: Process): void {
    if (this.size === this.buf.length) this.grow();
    this.buf[(this.head + this.size) & this.mask] = p;
    this.size++;
  }

  shift(): Process {
    const p = this.buf[this.head]!;
    this.buf[this.head] = undefined;
    this.head = (this.head + 1) & this.mask;
    if (--this.size < this.shrinkBelow) this.resize(this.buf.length >> 1);
    return p;
  }

  /** Slots held (for tests of the memory given back). */
  get capacity(): number {
    return this.buf.length;
  }

  private grow(): void {
    this.resize(this.buf.length * 2);
  }

  private resize(length: number): void {
    const old = this.buf;
    const next: (Process | undefined)[] = new Array(length);
    for (let i = 0; i < this.size; i++) next[i] = old[(this.head + i) & this.mask];
    this.buf = next;
    this.shrinkBelow = length > MIN ? length >> 2 : 0;
    this.head = 0;
    this.mask = next.length - 1;
  }
}
