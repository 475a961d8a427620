import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { findRedisServer, REDIS_SERVER_MISSING, startRedisServer } from "../src/testing/redis-server.js";

describe("test Redis server", () => {
  it("says how to install redis-server when it is missing", () => {
    expect(() => findRedisServer("/nonexistent/redis-server")).toThrow(REDIS_SERVER_MISSING);
  });

  it("with appendonly, what was written survives a restart on the same port and folder", async () => {
    const server = await startRedisServer({ appendOnly: true });
    const redis = new Redis(server.port, "127.0.0.1", { maxRetriesPerRequest: null });
    redis.on("error", () => {});
    try {
      await redis.set("kept", "yes");
      await server.kill();
      await server.restart();
      expect(await redis.get("kept")).toBe("yes");
    } finally {
      redis.disconnect();
      await server.dispose();
    }
  });
});
