/**
 * Who held the cores while a process waited for one, from a scheduler trace of a drain:
 *   perf sched record -a -o sched.data sleep 30        # while `pnpm bench -- redis-workers` drains
 *   perf sched timehist -i sched.data --state > timehist.txt
 *   node redis/sched-waits.mjs timehist.txt <pid> [from s] [to s]
 * For the process's main thread (<pid>, e.g. redis-server's, printed by the bench's INFO): its time
 * on a core, asleep, and runnable but waiting (after a wake-up, or preempted); then, over the waits
 * after wake-ups longer than 0.5 ms, which processes ran on the cores meanwhile (threads counted with
 * their process). `from`/`to` (trace seconds) keep to the drains. Linux `perf` only; a diagnostic.
 */
import { readFileSync } from "node:fs";

const [file, pidArg, fromArg, toArg] = process.argv.slice(2);
if (!file || !pidArg) {
  console.error("usage: node redis/sched-waits.mjs <timehist.txt> <pid> [from s] [to s]");
  process.exit(2);
}
const from = Number(fromArg ?? 0);
const to = Number(toArg ?? Number.POSITIVE_INFINITY);

// A timehist line: time [cpu] task[tid(/pid)] wait delay run state; times in s, durations in ms.
const LINE =
  /^\s*(\d+\.\d+)\s+\[(\d+)\]\s+(\S+)\[(\d+)(?:\/(\d+))?\]\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*(\S*)/;
const runs = [];
const own = [];
for (const text of readFileSync(file, "utf8").split("\n")) {
  const m = LINE.exec(text);
  if (!m) continue;
  const end = Number(m[1]);
  if (end < from || end > to) continue;
  const [task, tid, pid] = [m[3], m[4], m[5] ?? m[4]];
  const row = { end, wait: Number(m[6]), delay: Number(m[7]), run: Number(m[8]), state: m[9] ?? "" };
  runs.push({ start: end - row.run / 1000, end, who: `${task}[${pid}]` });
  if (tid === pidArg) own.push(row);
}

let onCore = 0;
let asleep = 0;
let wokenWait = 0;
let preempted = 0;
const longWaits = [];
for (let i = 1; i < own.length; i++) {
  const row = own[i];
  // The state a run ended in tells what the next off-core period was: S asleep, R preempted.
  const before = own[i - 1]?.state;
  onCore += row.run;
  if (before === "R") preempted += row.wait;
  else {
    asleep += row.wait - row.delay;
    wokenWait += row.delay;
    if (row.delay > 0.5) {
      const start = row.end - row.run / 1000;
      longWaits.push([start - row.delay / 1000, start]);
    }
  }
}
const ms = (x) => `${x.toFixed(0)} ms`;
console.log(
  `pid ${pidArg}: on a core ${ms(onCore)}, asleep ${ms(asleep)}, waiting after a wake-up ${ms(wokenWait)}, preempted ${ms(preempted)}`,
);
const held = new Map();
let waited = 0;
for (const [a, b] of longWaits) {
  waited += (b - a) * 1000;
  for (const r of runs) {
    const overlap = Math.min(b, r.end) - Math.max(a, r.start);
    if (overlap > 0) held.set(r.who, (held.get(r.who) ?? 0) + overlap * 1000);
  }
}
console.log(
  `${longWaits.length} waits after a wake-up longer than 0.5 ms, ${ms(waited)} in all; cores held meanwhile by:`,
);
for (const [who, t] of [...held].sort((x, y) => y[1] - x[1]).slice(0, 12))
  console.log(`  ${ms(t).padStart(8)}  ${who}`);
