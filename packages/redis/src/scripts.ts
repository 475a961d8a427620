/**
 * Lua scripts run by name on a connection. ioredis' `defineCommand` adds a method that sends
 * EVALSHA and falls back to EVAL once (also after a Redis restart empties its script cache); a
 * script is defined on a connection the first time it runs there.
 *
 * A script's name carries its version: each copy of this package on a shared connection (an older
 * one during an upgrade) defines its names once and finds its own scripts under them, so a change
 * of what a script does takes a new name.
 */

/** A connection scripts can be defined on: ioredis, or BullMQ's wrapper of it. */
export interface ScriptHost {
  defineCommand(name: string, definition: { numberOfKeys: number; lua: string }): void;
}

/** A script's first `numberOfKeys` arguments are its KEYS, the rest its ARGV. */
export interface RedisScript<Args extends (string | number)[], Result> {
  readonly name: string;
  readonly numberOfKeys: number;
  readonly lua: string;
  /** Types only: what the script takes and answers. */
  readonly __signature?: (...args: Args) => Result;
}

export function redisScript<Args extends (string | number)[], Result>(
  name: string,
  numberOfKeys: number,
  lua: string,
): RedisScript<Args, Result> {
  return { name, numberOfKeys, lua };
}

/** Runs `script` on `client`, defining it there first if this is its first call on that connection. */
export function runScript<Args extends (string | number)[], Result>(
  client: ScriptHost,
  script: RedisScript<Args, Result>,
  ...args: Args
): Promise<Result> {
  const methods = client as unknown as Record<string, ((...args: Args) => Promise<Result>) | undefined>;
  let run = methods[script.name];
  if (typeof run !== "function") {
    client.defineCommand(script.name, { numberOfKeys: script.numberOfKeys, lua: script.lua });
    run = methods[script.name] as (...args: Args) => Promise<Result>;
  }
  return run.apply(client, args);
}

/**
 * Lua: `local now_ms = redis_now_ms()` gives Redis' clock (`TIME`) in milliseconds since the epoch.
 * (A script may call `TIME` since Redis 5, which replicates scripts by their effects.)
 */
export const REDIS_NOW_MS_LUA = `
local function redis_now_ms()
  local t = redis.call("TIME")
  return t[1] * 1000 + math.floor(t[2] / 1000)
end
`;
