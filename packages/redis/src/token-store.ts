/**
 * Mailgun's token memory on Redis, shared by every process of a receiver (`tokens` of
 * `mailgunSignature` in @contract/runtime). Mailgun signs only a timestamp and a random token, not
 * the event, so a receiver refuses a token it has seen with another body; remembered in one process
 * only, a captured signature replayed with a forged event to another process would pass it. One
 * key per token (`contract:tokens:<namespace>:<token>`) holds the digest of the body it came with,
 * set only if absent, and expires when the token's signature leaves the timestamp window.
 */
import type { TokenStore } from "@contract/runtime/webhooks";
import type { Cluster, Redis } from "ioredis";
import { DEFAULT_KEY_PREFIX } from "./dedupe.js";

export interface RedisTokenStoreOptions {
  /** Names the receiver: receivers with different namespaces never see each other's tokens. Default `webhooks`. */
  namespace?: string;
  /** First part of every key. Default `contract`. */
  prefix?: string;
}

export function redisTokenStore(redis: Redis | Cluster, options: RedisTokenStoreOptions = {}): TokenStore {
  const prefix = `${options.prefix ?? DEFAULT_KEY_PREFIX}:tokens:${options.namespace ?? "webhooks"}:`;
  return {
    async remember(token, digest, until, now) {
      const key = prefix + token;
      const ttlMs = Math.max(1, Math.ceil((until - now) * 1000));
      // SET NX first: the first body a token comes with is the one it is kept with, on every process.
      // A key that lapses between the two calls took its window with it: the token is new again.
      for (let attempt = 0; attempt < 2; attempt++) {
        if ((await redis.set(key, digest, "PX", ttlMs, "NX")) === "OK") return true;
        const known = await redis.get(key);
        if (known !== null) return known === digest;
      }
      return false;
    },
  };
}
