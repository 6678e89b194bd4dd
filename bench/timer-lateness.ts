// How late a 50 ms receive timeout fires while other processes keep the scheduler busy (issue: a
// 50 ms `after` fired at 139-296 ms beside one tail-calling loop; Erlang fires it at 51 ms).
// Loads: K processes that loop by tail calls, by receiving their own messages (the compiled
// `yield recv`), or by sleep(0); each step does a little work. One process times 20 receives with
// `after 50` and reports how late each fired (median and max, ms).
//   node --import tsx bench/timer-lateness.ts [K...]      (default K = 0 1 10 100 1000)
import { spawn, send, self, recv, sleep, exit, join, TIMEOUT, type Proc, type Pid } from "../runtime/index.js";

const never = () => false;
const isAny = () => true;
let sink = 0;
function work(): void {
  let s = 0;
  for (let i = 0; i < 50; i++) s += i * i;
  sink += s;
}

function* tailLoop(): Proc {
  work();
  return tailLoop();
}
function* recvLoop(): Proc {
  const me = self();
  send(me, 0);
  for (;;) {
    yield recv(isAny);
    work();
    send(me, 0);
  }
}
function* sleepLoop(): Proc {
  for (;;) {
    work();
    yield* sleep(0);
  }
}
const LOADS = { "tail calls": tailLoop, "self-receive": recvLoop, "sleep(0)": sleepLoop };

async function measure(load: () => Proc, k: number): Promise<{ median: number; max: number }> {
  const loopers: Pid[] = [];
  for (let i = 0; i < k; i++) loopers.push(spawn(load));
  const late: number[] = [];
  await join(spawn(function* (): Proc {
    yield* sleep(20); // the loaders are running
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      const r = yield recv(never, 50);
      if (r !== TIMEOUT) throw new Error("expected a timeout");
      late.push(performance.now() - t0 - 50);
    }
  }));
  for (const p of loopers) exit(p, "kill");
  await new Promise((r) => setTimeout(r, 10));
  late.sort((a, b) => a - b);
  return { median: late[late.length >> 1]!, max: late[late.length - 1]! };
}

const ks = process.argv.slice(2).map(Number);
const KS = ks.length > 0 ? ks : [0, 1, 10, 100, 1000];
console.log("| load | K | late, median (ms) | late, max (ms) |\n|---|---:|---:|---:|");
for (const [name, load] of Object.entries(LOADS)) {
  for (const k of KS) {
    if (k === 0 && name !== "tail calls") continue;
    const r = await measure(load, k);
    console.log(`| ${k === 0 ? "none" : name} | ${k} | ${r.median.toFixed(1)} | ${r.max.toFixed(1)} |`);
  }
}
if (sink === 42) console.log("");
