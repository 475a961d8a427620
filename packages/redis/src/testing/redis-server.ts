/**
 * Starts a real `redis-server` for tests and benchmarks: a free loopback port, a temporary data
 * folder, no RDB snapshots, optionally an append-only file. `restart()` brings it back on the same
 * port and folder (to show what survives a restart with `appendonly`).
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface RedisServerOptions {
  /** `--appendonly yes` with `--appendfsync always`: every acknowledged write survives a restart. */
  appendOnly?: boolean;
  /** Binary to run. Default `$CONTRACT_REDIS_SERVER` or `redis-server` on the PATH. */
  binary?: string;
  /** Extra `redis-server` arguments. */
  args?: readonly string[];
  /** Port to listen on. Default: a free one (another is tried if something takes it first). */
  port?: number;
}

export interface RedisServer {
  readonly host: "127.0.0.1";
  readonly port: number;
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  /** The data folder (the append-only file lives there). */
  readonly dir: string;
  /** Stops the server (SIGTERM, then SIGKILL after 5 s); `restart()` starts it again. */
  stop(): Promise<void>;
  /** Kills the server at once (SIGKILL): what a crash looks like. */
  kill(): Promise<void>;
  /** Starts it again on the same port and folder (stopping it first if it runs). */
  restart(): Promise<void>;
  /** Stops it and removes the data folder. */
  dispose(): Promise<void>;
}

export const REDIS_SERVER_MISSING =
  "redis-server was not found: the Redis tests run a real Redis. Install it (Debian/Ubuntu: " +
  "`bash scripts/ensure-redis.sh` or `apt-get install -y redis-server`; macOS: `brew install redis`) " +
  "or point CONTRACT_REDIS_SERVER at a redis-server binary.";

/** The redis-server binary, or an error saying how to install it. */
export function findRedisServer(binary = process.env.CONTRACT_REDIS_SERVER || "redis-server"): string {
  try {
    execFileSync(binary, ["--version"], { stdio: "ignore" });
    return binary;
  } catch {
    throw new Error(REDIS_SERVER_MISSING);
  }
}

export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const binary = findRedisServer(options.binary);
  const dir = mkdtempSync(join(tmpdir(), "contract-redis-"));
  let port = options.port ?? (await freePort());
  // The server's own password: with it, a server that asks for one can still be told to be ours.
  const password = requirePassOf(options.args ?? []);
  const args = () => [
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--dir",
    dir,
    "--save",
    "",
    "--maxmemory-policy",
    "noeviction",
    ...(options.appendOnly ? ["--appendonly", "yes", "--appendfsync", "always"] : ["--appendonly", "no"]),
    ...(options.args ?? []),
  ];
  let child: ChildProcess | undefined;
  let output = "";

  const start = async () => {
    output = "";
    const started = spawn(binary, args(), { stdio: ["ignore", "pipe", "pipe"] });
    child = started;
    started.stdout?.on("data", (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    });
    started.stderr?.on("data", (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    });
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (started.exitCode !== null || started.signalCode !== null) {
        throw new Error(
          `redis-server exited at start (${started.exitCode ?? started.signalCode}):\n${output}`,
        );
      }
      // The answer must come from the process just started: when the port was taken between
      // freePort() and the bind (another test's redis-server, say), the new one exits on
      // "address already in use", but until it does the other server would answer a PING.
      const answer = await whoAnswers(port, password);
      if (answer.kind === "process" && answer.pid === started.pid) return;
      if (answer.kind !== "nobody") {
        started.kill("SIGKILL");
        const who = answerDescriptions[answer.kind];
        output += `\nport ${port} is answered by another server (${who}): address already in use`;
        throw new Error(`redis-server could not take port ${port}: another server (${who}) answers there`);
      }
      if (Date.now() > deadline) {
        started.kill("SIGKILL");
        throw new Error(`redis-server did not answer PING on port ${port} within 10 s:\n${output}`);
      }
      await sleep(25);
    }
  };

  const halt = async (signal: NodeJS.Signals) => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once("exit", () => resolve()));
    running.kill(signal);
    const timer = setTimeout(() => running.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  };

  // The free port is only free when it was asked for: another process may take it before Redis
  // binds it. Then try another one (a port given in the options is not swapped for another).
  for (let tries = 1; ; tries++) {
    try {
      await start();
      break;
    } catch (error) {
      const retry = options.port === undefined && tries < 5 && /address already in use/i.test(output);
      if (!retry) throw error;
      port = await freePort();
    }
  }
  return {
    host: "127.0.0.1",
    port,
    url: `redis://127.0.0.1:${port}`,
    dir,
    stop: () => halt("SIGTERM"),
    kill: () => halt("SIGKILL"),
    async restart() {
      await halt("SIGTERM");
      await start();
    },
    async dispose() {
      await halt("SIGTERM");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The `--requirepass` value among redis-server arguments (the last one wins, as in Redis). */
function requirePassOf(args: readonly string[]): string | undefined {
  const at = args.lastIndexOf("--requirepass");
  return at < 0 ? undefined : args[at + 1];
}

/** What answers `INFO server` on a port. */
type Answer =
  /** Nothing yet: no listener, or Redis still loading its data. */
  | { kind: "nobody" }
  /** A Redis server, by its `process_id`. */
  | { kind: "process"; pid: number }
  /**
   * A Redis server that the password we have (none, or `--requirepass`'s) does not open: it
   * answered `-NOAUTH` or `-WRONGPASS`. Ours would open with our password, so this one is not ours.
   */
  | { kind: "password-protected" }
  /** Something that answers, but not with a Redis `INFO` reply. */
  | { kind: "not-redis" };

const answerDescriptions: Record<Exclude<Answer["kind"], "nobody">, string> = {
  process: "another process",
  "password-protected": "password-protected",
  "not-redis": "not Redis",
};

/** A command in RESP (any bytes in its arguments, spaces included). */
const resp = (...args: string[]) =>
  `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join("")}`;

/**
 * Who answers `INFO server` on the port (over a raw socket), after `AUTH` with `password` when
 * there is one: our own server must answer with its process id.
 */
function whoAnswers(port: number, password: string | undefined): Promise<Answer> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    let answer = "";
    // The AUTH's reply comes first: one line (+OK, or an error read with INFO's reply below).
    let authPending = password !== undefined;
    const done = (found: Answer) => {
      socket.destroy();
      resolve(found);
    };
    socket.setTimeout(1000, () => done(answer ? { kind: "not-redis" } : { kind: "nobody" }));
    socket.once("error", () => done({ kind: "nobody" }));
    socket.on("connect", () =>
      socket.write(
        password === undefined ? resp("INFO", "server") : resp("AUTH", password) + resp("INFO", "server"),
      ),
    );
    socket.on("data", (chunk) => {
      answer += chunk.toString();
      if (authPending) {
        const end = answer.indexOf("\r\n");
        if (end < 0) return;
        const line = answer.slice(0, end);
        answer = answer.slice(end + 2);
        authPending = false;
        // Our password refused: the server on the port has another one.
        if (line.startsWith("-WRONGPASS")) return done({ kind: "password-protected" });
      }
      const header = /^\$(\d+)\r\n/.exec(answer);
      if (!header) {
        // Not a bulk reply: an error, or not Redis at all.
        if (!answer.includes("\r\n")) return;
        if (answer.startsWith("-LOADING")) return done({ kind: "nobody" });
        if (answer.startsWith("-NOAUTH")) return done({ kind: "password-protected" });
        return done({ kind: "not-redis" });
      }
      if (answer.length < header[0].length + Number(header[1])) return;
      const pid = /\r\nprocess_id:(\d+)\r\n/.exec(answer);
      done(pid ? { kind: "process", pid: Number(pid[1]) } : { kind: "not-redis" });
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
