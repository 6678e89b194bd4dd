// The run queue: a growable power-of-two ring buffer of runnable processes, FIFO for fairness.

import type { Process } from "./process.js";

export class RunQueue {
  private buf: (Process | undefined)[] = new Array(1024);
  private mask = 1023;
  private head = 0;
  size = 0;

  push(p: Process): void {
    if (this.size === this.buf.length) this.grow();
    this.buf[(this.head + this.size) & this.mask] = p;
    this.size++;
  }

  shift(): Process {
    const p = this.buf[this.head]!;
    this.buf[this.head] = undefined;
    this.head = (this.head + 1) & this.mask;
    this.size--;
    return p;
  }

  private grow(): void {
    const old = this.buf;
    const next: (Process | undefined)[] = new Array(old.length * 2);
    for (let i = 0; i < this.size; i++) next[i] = old[(this.head + i) & this.mask];
    this.buf = next;
    this.head = 0;
    this.mask = next.length - 1;
  }
}
