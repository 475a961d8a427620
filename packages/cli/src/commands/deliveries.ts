/**
 * `contract deliveries list|show|replay`: dead-lettered inbound deliveries (ack-then-process queue)
 * and failed outbound messages (outbox) kept in Redis by `@contract/redis`. `contract deliveries
 * sweep`: deletes the inbound queue's raw-body hashes that no job refers to any more, as workers do
 * every hour. The Redis packages are imported only when the command runs.
 *
 * Exit codes: 0 ok, 1 `show`/`replay` found nothing to show or replay, 2 could not run (no Redis,
 * unreadable flag, a sweep window under a minute without `--allow-short-window`). A sweep that
 * finds nothing to delete is a clean queue: 0.
 *
 * There is no dry run of the sweep: its pages go by the bodies index, each entry looked at leaving
 * the range (deleted, or scored anew when kept), and its check runs in the same script as the
 * delete. Counting without deleting would walk the index another way and check outside that
 * script, so its count could disagree with what a sweep then deletes, and it would delay the next
 * look at every hash it kept, or not move them and need paging of its own.
 */
import type { Command } from "commander";
import { parseDuration } from "../duration.js";
import { CliExit, EXIT_FINDINGS, EXIT_USAGE } from "../exit-codes.js";
import type { CliIO } from "../io.js";

interface DeliveriesFlags {
  redis?: string;
  queue?: string;
  outbox?: string;
  prefix?: string;
  json?: boolean;
  all?: boolean;
  limit?: string;
  olderThan?: string;
  allowShortWindow?: boolean;
}

/**
 * `@contract/redis`'s `MIN_SWEEP_WINDOW_MS` (the package is imported only once Redis is needed, and
 * a window it would refuse is a usage error before that): a shorter window can delete the bodies
 * of a batch whose add is still in flight.
 */
const MIN_SWEEP_WINDOW_MS = 60_000;

type Action = "list" | "show" | "replay" | "sweep";

export function registerDeliveries(program: Command, io: CliIO): void {
  const deliveries = program
    .command("deliveries")
    .description(
      "Inspect and replay dead-lettered webhook deliveries and failed outbound messages; sweep orphaned bodies (Redis)",
    )
    .addHelpText(
      "after",
      "\nExit codes: 0 ok (an empty list, a sweep that deletes nothing), 1 show/replay found nothing, 2 could not run (no Redis, bad flags).",
    );
  // `outbox`: the sweep has no use for it (the outbox keeps no bodies beside its jobs).
  const options = (command: Command, { outbox }: { outbox: boolean }) => {
    command
      .option("--redis <url>", "Redis URL (default: $REDIS_URL, else redis://127.0.0.1:6379)")
      .option("--queue <name>", "inbound queue name", "contract-webhooks");
    if (outbox) command.option("--outbox <name>", "outbox queue name", "contract-outbox");
    return command.option("--prefix <prefix>", "key prefix", "contract").option("--json", "print JSON");
  };
  const common = (command: Command) => options(command, { outbox: true });
  common(deliveries.command("list").description("list dead-lettered deliveries and failed messages"))
    .option("--limit <n>", "at most this many of each", "100")
    .action((flags: DeliveriesFlags) => run(flags, io, "list"));
  common(deliveries.command("show").description("show one, by delivery id, message id or job id"))
    .argument("<id>")
    .action((id: string, flags: DeliveriesFlags) => run(flags, io, "show", id));
  common(deliveries.command("replay").description("put one (or --all) back on its queue"))
    .argument("[id]")
    .option("--all", "replay every dead-lettered delivery and failed message")
    .action((id: string | undefined, flags: DeliveriesFlags) => run(flags, io, "replay", id));
  options(
    deliveries
      .command("sweep")
      .description("delete the inbound queue's raw-body hashes that no job refers to any more"),
    { outbox: false },
  )
    .option(
      "--older-than <duration>",
      "only hashes written (or last found referred to) longer ago than this: 500ms, 30s, 15m, 2h, 1d",
      "1d",
    )
    .option(
      "--allow-short-window",
      "take an --older-than under a minute (it can delete the bodies of a batch whose add is still in flight)",
    )
    .action((flags: DeliveriesFlags) => run(flags, io, "sweep"));
  // Nested commands: the same output and error handling as top-level ones.
  for (const command of deliveries.commands) {
    command.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  }
}

async function run(flags: DeliveriesFlags, io: CliIO, action: Action, id?: string) {
  if (action === "replay" && id === undefined && !flags.all) {
    throw new CliExit(EXIT_USAGE, "error: give an id to replay, or --all");
  }
  const olderThanMs = action === "sweep" ? parseDuration(flags.olderThan ?? "1d") : null;
  if (action === "sweep" && olderThanMs === null) {
    throw new CliExit(
      EXIT_USAGE,
      `error: --older-than ${JSON.stringify(flags.olderThan)}: expected e.g. 2h, 1d, 30m or milliseconds`,
    );
  }
  if (olderThanMs !== null && olderThanMs < MIN_SWEEP_WINDOW_MS && !flags.allowShortWindow) {
    throw new CliExit(
      EXIT_USAGE,
      `error: --older-than ${flags.olderThan} is under a minute: it can delete the bodies of a batch whose add is still in flight; pass --allow-short-window to sweep with it anyway`,
    );
  }
  const url = flags.redis ?? process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
  const { deliveryInspector, Redis } = await loadRedisPackages();
  // Fail fast when Redis is not there: one connection attempt, no offline queue.
  const redis = new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    lazyConnect: true,
    retryStrategy: () => null,
  });
  redis.on("error", () => {});
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw new CliExit(EXIT_USAGE, `error: cannot reach Redis at ${url}: ${(error as Error).message}`);
  }
  const inspector = deliveryInspector({
    connection: redis,
    redis,
    ...(flags.queue ? { queueName: flags.queue } : {}),
    ...(flags.outbox ? { outboxName: flags.outbox } : {}),
    ...(flags.prefix ? { prefix: flags.prefix } : {}),
  });
  let code = 0;
  try {
    if (action === "list") {
      const entries = await inspector.list(Number(flags.limit ?? 100));
      if (flags.json) io.stdout(`${JSON.stringify(entries, null, 2)}\n`);
      else if (entries.length === 0) io.stdout("no dead-lettered deliveries or failed messages\n");
      else
        for (const e of entries) {
          io.stdout(
            `${e.direction.padEnd(8)} ${(e.id ?? e.jobId).padEnd(36)} ${e.what}  attempts ${e.attemptsMade}  ${e.failedReason.slice(0, 120)}\n`,
          );
        }
    } else if (action === "show") {
      const detail = await inspector.show(id!);
      if (!detail) {
        io.stderr(`no delivery or message ${id}\n`);
        code = EXIT_FINDINGS;
      } else io.stdout(`${JSON.stringify(detail, null, 2)}\n`);
    } else if (action === "sweep") {
      const { deleted, kept } = await inspector.sweepOrphanedBodies({
        olderThanMs: olderThanMs!,
        ...(flags.allowShortWindow ? { allowShortWindow: true } : {}),
      });
      if (flags.json) io.stdout(`${JSON.stringify({ swept: deleted, kept })}\n`);
      else
        io.stdout(
          `swept ${deleted} orphaned body ${deleted === 1 ? "hash" : "hashes"}; kept ${kept} still referred to by a job\n`,
        );
    } else {
      const replayed = await inspector.replay(flags.all ? undefined : id);
      if (flags.json) io.stdout(`${JSON.stringify({ replayed })}\n`);
      else io.stdout(`replayed ${replayed}\n`);
      if (replayed === 0) code = EXIT_FINDINGS;
    }
  } finally {
    await inspector.close().catch(() => {});
    redis.disconnect();
  }
  if (code !== 0) throw new CliExit(code);
}

/**
 * `@contract/redis` (and its `ioredis`) are optional peers: most users of the CLI never run
 * `deliveries`, and should not install BullMQ for it.
 */
async function loadRedisPackages() {
  try {
    const [{ deliveryInspector }, { Redis }] = await Promise.all([
      import("@contract/redis"),
      import("ioredis"),
    ]);
    return { deliveryInspector, Redis };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ERR_MODULE_NOT_FOUND") throw error;
    throw new CliExit(
      EXIT_USAGE,
      "error: `contract deliveries` reads the queues of @contract/redis; install it beside the CLI: npm install @contract/redis ioredis",
    );
  }
}
