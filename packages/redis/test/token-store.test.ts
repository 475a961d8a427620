/**
 * Mailgun's token memory shared on a real redis-server: two receivers (two processes' schemes,
 * each with its own memory otherwise) refuse a captured signature replayed with a forged event to
 * the one that did not see it first; the same delivery again passes on either; keys expire with the
 * timestamp window.
 */
import { mailgunSignature, type SignatureScheme } from "@contract/runtime/webhooks";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redisTokenStore } from "../src/index.js";
import { type RedisServer, startRedisServer } from "../src/testing/redis-server.js";

const KEY = "key-3ax6xnjp29jd6fds4gc373sgvjxteol0";
let server: RedisServer;
const clients: Redis[] = [];
const connect = () => {
  const client = new Redis(server.port, "127.0.0.1");
  clients.push(client);
  return client;
};
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.quit().catch(() => {})));
  await server?.dispose();
});

const now = () => Math.floor(Date.now() / 1000);
const verify = (scheme: SignatureScheme, body: string) =>
  scheme.verify({
    headers: () => undefined,
    body: new TextEncoder().encode(body),
    now: now(),
    toleranceSeconds: 300,
  });
const reasonOf = (result: Awaited<ReturnType<typeof verify>>) => (result.ok ? "ok" : result.reason);

/** A delivery as Mailgun signs it, and the same signature on a forged event. */
async function captured() {
  const event = {
    "event-data": { id: "Ase7i2zsRYeDXztHGENqRA", event: "delivered", recipient: "a@example.com" },
  };
  const signer = mailgunSignature({ secrets: KEY });
  const genuine = await signer.signBody!({ body: JSON.stringify(event), timestamp: now() });
  const forged = JSON.stringify({
    ...JSON.parse(genuine),
    "event-data": { id: "forged-1", event: "unsubscribed", recipient: "ceo@example.com" },
  });
  return { genuine, forged };
}

describe("redisTokenStore", () => {
  it("refuses a token replayed with another body on another process; the same body passes on both", async () => {
    const { genuine, forged } = await captured();
    const first = mailgunSignature({ secrets: KEY, tokens: redisTokenStore(connect(), { namespace: "t1" }) });
    const second = mailgunSignature({
      secrets: KEY,
      tokens: redisTokenStore(connect(), { namespace: "t1" }),
    });
    expect(reasonOf(await verify(first, genuine))).toBe("ok");
    expect(reasonOf(await verify(second, forged))).toBe("bad-signature");
    expect(reasonOf(await verify(second, genuine))).toBe("ok");
    expect(reasonOf(await verify(first, genuine))).toBe("ok");
  });

  it("without a shared store the other process is fooled (why the store exists)", async () => {
    const { genuine, forged } = await captured();
    expect(reasonOf(await verify(mailgunSignature({ secrets: KEY }), genuine))).toBe("ok");
    expect(reasonOf(await verify(mailgunSignature({ secrets: KEY }), forged))).toBe("ok");
  });

  it("keeps each token until its signature leaves the window, under the receiver's namespace", async () => {
    const redis = connect();
    const store = redisTokenStore(redis, { namespace: "shop" });
    expect(await store.remember("tok-1", "digest-a", 1_000_300, 1_000_000)).toBe(true);
    expect(await store.remember("tok-1", "digest-b", 1_000_300, 1_000_010)).toBe(false);
    expect(await store.remember("tok-1", "digest-a", 1_000_300, 1_000_010)).toBe(true);
    const ttl = await redis.pttl("contract:tokens:shop:tok-1");
    expect(ttl).toBeGreaterThan(299_000);
    expect(ttl).toBeLessThanOrEqual(300_000);
    // Another namespace is another receiver: its own tokens.
    expect(
      await redisTokenStore(redis, { namespace: "other" }).remember(
        "tok-1",
        "digest-b",
        1_000_300,
        1_000_000,
      ),
    ).toBe(true);
  });
});
