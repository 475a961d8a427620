import { createServer, type Server } from "node:net";
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { findRedisServer, REDIS_SERVER_MISSING, startRedisServer } from "../src/testing/redis-server.js";

/** PING over a connection of its own (with the server's password, if it has one). */
async function pingOf(port: number, password?: string): Promise<string> {
  const redis = new Redis(port, "127.0.0.1", { maxRetriesPerRequest: 1, ...(password ? { password } : {}) });
  try {
    return await redis.ping();
  } finally {
    redis.disconnect();
  }
}

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

  it("does not take another server's PONG for its own when the port is taken", async () => {
    // Something already answers PING on the port (another test's redis-server, say): the new
    // redis-server cannot bind it and exits, and the tests must not be handed the other server.
    const impostor: Server = createServer((socket) => {
      socket.on("data", () => socket.write("+PONG\r\n"));
      socket.on("error", () => {});
    });
    await new Promise<void>((resolve) => impostor.listen(0, "127.0.0.1", () => resolve()));
    const address = impostor.address();
    const port = typeof address === "object" && address ? address.port : 0;
    try {
      await expect(startRedisServer({ port })).rejects.toThrow(/port \d+/);
    } finally {
      await new Promise((resolve) => impostor.close(resolve));
    }
  });

  it("a password-protected server (--requirepass) is its own: its process id is read after AUTH", async () => {
    const server = await startRedisServer({ args: ["--requirepass", "s3cret pass"] });
    try {
      expect(await pingOf(server.port, "s3cret pass")).toBe("PONG");
    } finally {
      await server.dispose();
    }
  });

  it("a password-protected server already on the port (it answers -NOAUTH, or -WRONGPASS to another password) is another server", async () => {
    const other = await startRedisServer({ args: ["--requirepass", "theirs"] });
    try {
      await expect(startRedisServer({ port: other.port })).rejects.toThrow(
        /another server \(password-protected\) answers/,
      );
      await expect(startRedisServer({ port: other.port, args: ["--requirepass", "mine"] })).rejects.toThrow(
        /another server \(password-protected\) answers/,
      );
    } finally {
      await other.dispose();
    }
  });

  it("starts on the port asked for", async () => {
    const first = await startRedisServer();
    await first.dispose();
    const server = await startRedisServer({ port: first.port });
    try {
      expect(server.port).toBe(first.port);
      expect(await pingOf(server.port)).toBe("PONG");
    } finally {
      await server.dispose();
    }
  });
});
