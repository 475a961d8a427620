/**
 * Attempts through node:http/https whose target is checked where it matters, at connect time:
 * every new connection resolves its name through `checkedLookup`, so the address the socket
 * connects to is the one checked; IP-literal hosts (which node:net does not look up) are checked
 * here. node:http never follows redirects. One keep-alive agent per protocol and sender pools
 * connections as fetch does. node:http is imported on first use, so the sender module still loads
 * where there is none.
 */
import type * as Http from "node:http";
import type * as Https from "node:https";
import type { LookupFunction } from "node:net";
import { checkedLookup } from "./connect-lookup.js";
import { addressProblem, type HostLookup } from "./targets.js";
import {
  type Answer,
  CappedText,
  type OutgoingPost,
  RefusedTargetError,
  type Transport,
} from "./transport.js";

export interface NodeTransportOptions {
  /** Resolves names for every new connection. */
  lookup: HostLookup;
  /** Refuse non-public addresses (false: `allowPrivateTargets`). */
  refusePrivate: boolean;
}

/**
 * Idle connections are closed after 4 s, before the 5 s after which Node servers close them (a
 * request sent on a connection the server is closing fails), as undici's fetch does.
 */
const IDLE_SOCKET_MS = 4_000;

/** True on Node itself; Bun and Deno, which also offer node:http, keep the fetch path. */
export function isNode(): boolean {
  const versions = (globalThis as { process?: { versions?: Record<string, string | undefined> } }).process
    ?.versions;
  return versions?.node !== undefined && versions.bun === undefined && versions.deno === undefined;
}

interface Clients {
  http: typeof Http;
  https: typeof Https;
  httpAgent: Http.Agent;
  httpsAgent: Https.Agent;
  /** Given to every request, pooled or not: node:net resolves through it. */
  lookup: LookupFunction;
}

export function nodeTransport(options: NodeTransportOptions): Transport {
  const lookup = checkedLookup(options.lookup, options.refusePrivate);
  let clients: Promise<Clients> | undefined;
  return async (post) => {
    const target = new URL(post.url);
    if (target.protocol !== "http:" && target.protocol !== "https:")
      throw new TypeError(`cannot send a webhook to a ${target.protocol} URL`);
    // fetch refuses such URLs; node:http would silently drop the credentials.
    if (target.username !== "" || target.password !== "")
      throw new TypeError("a webhook URL must not include credentials");
    // URL keeps IPv6 literals in brackets; node:http wants them bare.
    const host = target.hostname.replace(/^\[(.*)\]$/, "$1");
    const literalProblem = options.refusePrivate ? addressProblem(host) : undefined;
    if (literalProblem !== undefined) throw new RefusedTargetError(`${host} is ${literalProblem}`);
    clients ??= loadClients(lookup);
    return request(await clients, target, host, post);
  };
}

async function loadClients(lookup: LookupFunction): Promise<Clients> {
  // Specifiers in variables: bundlers for other platforms must not try to include node:http.
  const [httpSpecifier, httpsSpecifier] = ["node:http", "node:https"];
  const http: typeof Http = await import(/* @vite-ignore */ httpSpecifier);
  const https: typeof Https = await import(/* @vite-ignore */ httpsSpecifier);
  const agentOptions = { keepAlive: true, timeout: IDLE_SOCKET_MS };
  return {
    http,
    https,
    httpAgent: new http.Agent(agentOptions),
    httpsAgent: new https.Agent(agentOptions),
    lookup,
  };
}

/**
 * `pooled: false` opens a connection of its own (no agent), for the one repeat after a kept-alive
 * connection turned out closed.
 */
function request(
  clients: Clients,
  target: URL,
  host: string,
  post: OutgoingPost,
  pooled = true,
): Promise<Answer> {
  const secure = target.protocol === "https:";
  return new Promise((resolve, reject) => {
    const outgoing = (secure ? clients.https : clients.http).request({
      hostname: host,
      ...(target.port ? { port: Number(target.port) } : {}),
      path: `${target.pathname}${target.search}`,
      method: "POST",
      headers: { ...post.headers, "content-length": String(Buffer.byteLength(post.body)) },
      agent: pooled ? (secure ? clients.httpsAgent : clients.httpAgent) : false,
      lookup: clients.lookup,
      signal: post.signal,
    });
    let answered = false;
    outgoing.on("error", (error: NodeJS.ErrnoException) => {
      // A kept-alive connection the server closed while it sat idle fails before any answer (the
      // server and this agent close idle connections on timers that a busy process runs late).
      // Node's documented remedy: send again, here once, on a new connection. A receiver that did
      // read the first copy sees the same webhook id twice and handles it once.
      const stale = outgoing.reusedSocket && (error.code === "ECONNRESET" || error.code === "EPIPE");
      if (stale && !answered && !post.signal.aborted) resolve(request(clients, target, host, post, false));
      else reject(error);
    });
    outgoing.on("response", (response) => {
      answered = true;
      const text = new CappedText();
      const answer = (): Answer => ({
        status: response.statusCode ?? 0,
        headers: headersOf(response.rawHeaders),
        body: text.finish(),
      });
      response.on("data", (chunk: Buffer) => {
        if (!text.push(chunk)) return;
        response.destroy(); // the rest is not downloaded
        resolve(answer());
      });
      response.on("end", () => resolve(answer()));
      response.on("error", reject);
      response.on("close", () => {
        if (!response.complete) reject(new Error("the connection closed before the answer was complete"));
      });
    });
    outgoing.end(post.body);
  });
}

/** What `Object.fromEntries(new Headers(...))` gives: sorted lower-case names, repeats joined. */
function headersOf(raw: readonly string[]): Record<string, string> {
  const joined = new Map<string, string>();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = (raw[i] as string).toLowerCase();
    const value = raw[i + 1] as string;
    const before = joined.get(name);
    // Headers yields each set-cookie on its own, so the last one is what fromEntries keeps.
    joined.set(name, before === undefined || name === "set-cookie" ? value : `${before}, ${value}`);
  }
  return Object.fromEntries([...joined].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
