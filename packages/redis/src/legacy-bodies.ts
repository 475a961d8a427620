/**
 * Raw-body hashes written by versions before the bodies index (see `sweep-bodies.ts`). Those
 * versions named a batch's hash `<prefix>:<queue>:bodies:<uuid>` (not after its job), gave the
 * batch job BullMQ's counter id and did not list the hash in the index, so the sweep neither finds
 * them nor can tell their job from their key.
 *
 * Finding them: a SCAN of the keys of exactly that shape (in pages, never KEYS), each checked in a
 * script to be a hash whose fields are all indexes in a batch — a BullMQ job of another queue
 * whose prefix and name happen to spell `<prefix>:<queue>:bodies` and whose id is a UUID has the
 * same key shape, but fields such as `name` and `data`. A hash found is listed in the index scored
 * "now": its age is unknown, so it gets the full window before any deletion, as a new one does.
 *
 * Judging them: a legacy hash's job is found by reading the data of the queue's jobs with counter
 * ids (the only jobs that can refer to one: current batch jobs are named after their hash, and
 * single-delivery jobs carry their body inline). These are read from the job hashes themselves, by
 * a SCAN, not from the queue's state lists: a job moving between lists while they are read could
 * be missed, a job hash is there, under the same key, from its add to its removal.
 */
import { jobIdOfBodiesKey } from "./raw-bodies.js";

/** The commands used, as ioredis has them; a Cluster is scanned node by node. */
interface ScanClient {
  scan(
    cursor: string,
    match: "MATCH",
    pattern: string,
    count: "COUNT",
    n: number,
  ): Promise<[string, string[]]>;
}

export interface LegacyBodiesClient extends ScanClient {
  isCluster?: boolean;
  nodes?(role: "master"): ScanClient[];
  hget(key: string, field: string): Promise<string | null>;
  eval(script: string, keys: number, ...args: (string | number)[]): Promise<unknown>;
}

/** Keys asked for per SCAN call: a bound on each call's work in redis-server. */
const SCAN_COUNT = 1000;
/** Jobs whose data is read at once. */
const DATA_PAGE = 50;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UUID_GLOB = [8, 4, 4, 4, 12].map((n) => "[0-9a-f]".repeat(n)).join("-");

/** Whether a hash key of the bodies index is a legacy one (named with a bare UUID, not its job). */
export const isLegacyBodiesKey = (key: string) => UUID.test(jobIdOfBodiesKey(key));

/** A literal part of a SCAN pattern: Redis's glob characters escaped. */
const globLiteral = (text: string) => text.replace(/[*?[\]\\]/g, "\\$&");

/** Every key matching the pattern, a page at a time; on a Cluster, of every master node. */
async function* scanKeys(client: LegacyBodiesClient, pattern: string): AsyncGenerator<string[]> {
  const nodes = client.isCluster && client.nodes ? client.nodes("master") : [client];
  for (const node of nodes) {
    let cursor = "0";
    do {
      const [next, keys] = await node.scan(cursor, "MATCH", pattern, "COUNT", SCAN_COUNT);
      cursor = next;
      if (keys.length > 0) yield keys;
    } while (cursor !== "0");
  }
}

/**
 * KEYS: the bodies index, then candidate hashes. ARGV: now. Lists each candidate that is a hash of
 * batch indexes (fields "0", "1", …) and not yet in the index; returns how many it listed.
 */
const ADOPT = `
local adopted = 0
for i = 2, #KEYS do
  local key = KEYS[i]
  if redis.call("TYPE", key).ok == "hash" then
    local bodies = true
    for _, field in ipairs(redis.call("HKEYS", key)) do
      if not string.match(field, "^%d+$") then
        bodies = false
        break
      end
    end
    if bodies then adopted = adopted + redis.call("ZADD", KEYS[1], "NX", ARGV[1], key) end
  end
end
return adopted
`;

/**
 * Lists the legacy hashes of the queue (`queuePrefix`: `<prefix>:<queue>:`) that are not in its
 * bodies index yet, scored `now`; returns how many.
 */
export async function adoptLegacyBodies(
  client: LegacyBodiesClient,
  queuePrefix: string,
  index: string,
  now: number,
): Promise<number> {
  let adopted = 0;
  for await (const keys of scanKeys(client, `${globLiteral(queuePrefix)}bodies:${UUID_GLOB}`)) {
    // (One script per page: with a hash-tagged prefix on a Cluster, all of them share the index's slot.)
    adopted += Number(await client.eval(ADOPT, keys.length + 1, index, ...keys, now));
  }
  return adopted;
}

/**
 * The legacy hashes that jobs of the queue (`queuePrefix`: `<prefix>:<queue>:`) refer to, each
 * with the ids of the jobs that do: several when an add was resent after its first copy completed
 * (those versions gave each add a new counter id). Jobs with counter ids only (see above).
 */
export async function legacyBodiesReferences(
  client: LegacyBodiesClient,
  queuePrefix: string,
): Promise<Map<string, string[]>> {
  const references = new Map<string, string[]>();
  for await (const keys of scanKeys(client, `${globLiteral(queuePrefix)}[0-9]*`)) {
    const ids = keys.map((key) => key.slice(queuePrefix.length)).filter((id) => /^\d+$/.test(id));
    // A batch job's data holds up to maxBatch deliveries' metadata: a few read at a time.
    for (let start = 0; start < ids.length; start += DATA_PAGE) {
      const page = ids.slice(start, start + DATA_PAGE);
      const data = await Promise.all(page.map((id) => client.hget(`${queuePrefix}${id}`, "data")));
      page.forEach((id, i) => {
        for (const key of new Set(bodyKeysIn(data[i] ?? null))) {
          const referring = references.get(key);
          if (referring === undefined) references.set(key, [id]);
          else referring.push(id);
        }
      });
    }
  }
  return references;
}

/** The hashes a job's data (JSON) refers to: a batch's deliveries' `bodyKey`s. */
function bodyKeysIn(data: string | null): string[] {
  if (data === null) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed.flatMap((delivery: { bodyKey?: unknown }) =>
    typeof delivery?.bodyKey === "string" ? [delivery.bodyKey] : [],
  );
}
