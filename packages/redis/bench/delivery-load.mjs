/**
 * The full run: 3 receiver processes, 2 worker processes, 10,000 signed deliveries plus 10%
 * duplicates, a worker and Redis killed mid-run. `pnpm --filter @contract/redis run load [-- N]`
 * after `pnpm run build`. Prints the result and exits 1 if anything was lost or doubled.
 */
import { runDeliveryLoad } from "../test/processes/load.mjs";

const deliveries = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 10_000);
const result = await runDeliveryLoad({
  deliveries,
  duplicateShare: 0.1,
  settleMs: 180_000,
  log: console.log,
});
for (const event of result.events) console.log(`- ${event}`);
console.log(
  `${result.deliveries} deliveries, ${result.sends} sends, ${result.requests} requests ` +
    `(${JSON.stringify(result.statuses)}, ${result.networkErrors} network errors)\n` +
    `acknowledged in ${(result.ackedMs / 1000).toFixed(1)} s (${Math.round((result.sends / result.ackedMs) * 1000)} sends/s), ` +
    `all processed after ${(result.processedMs / 1000).toFixed(1)} s\n` +
    `effects recorded ${result.effectsRecorded}, lost ${result.lost}, doubled ${result.doubledEffects}, ` +
    `handler runs ${result.handlerRuns} (ids run twice: ${result.idsRunTwice}), failed jobs ${result.failedJobs}, open jobs ${result.openJobs}`,
);
process.exit(result.lost === 0 && result.doubledEffects === 0 && result.openJobs === 0 ? 0 : 1);
