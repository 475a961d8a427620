/**
 * Where redis-server's CPU goes per delivery: INFO commandstats (calls and µs per command or
 * script) read before and after a run, the difference divided by the deliveries of the run.
 * Scripts run by EVALSHA are told apart by their SHA1; `names` maps the ones we know.
 */

/** Parses INFO commandstats into { command: { calls, usec } }. */
export async function commandStats(redis) {
  const info = await redis.info("commandstats");
  const stats = {};
  for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/gm)) {
    stats[match[1]] = { calls: Number(match[2]), usec: Number(match[3]) };
  }
  return stats;
}

/** Per-delivery calls and µs of each command between two `commandStats` readings, dearest first. */
export function perDelivery(before, after, deliveries) {
  return Object.entries(after)
    .map(([command, { calls, usec }]) => ({
      command,
      calls: (calls - (before[command]?.calls ?? 0)) / deliveries,
      usec: (usec - (before[command]?.usec ?? 0)) / deliveries,
    }))
    .filter((row) => row.calls > 0)
    .sort((a, b) => b.usec - a.usec);
}

/** Medians of several `perDelivery` readings, one line: the `top` dearest commands. */
export function formatCommandStats(readings, top = 6) {
  const med = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? 0;
  const commands = new Set(readings.flatMap((r) => r.map((row) => row.command)));
  const rows = [...commands]
    .map((command) => {
      const of = (field) => med(readings.map((r) => r.find((row) => row.command === command)?.[field] ?? 0));
      return { command, calls: of("calls"), usec: of("usec") };
    })
    .sort((a, b) => b.usec - a.usec);
  const shown = rows
    .slice(0, top)
    .map((row) => `${row.command} ${row.calls.toFixed(2)}×/${row.usec.toFixed(1)} µs`)
    .join(", ");
  // No total: Redis counts the commands a script calls both on their own lines and in the script's.
  return `redis-server per delivery (calls/µs): ${shown}`;
}
