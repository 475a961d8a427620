/** Serves a mock over node:http: reads each request whole, answers, and reports one line per request. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Mock } from "./mock.js";
import { PROBLEM_HEADER } from "./response.js";

export interface ServeOptions {
  port?: number;
  /** Default 127.0.0.1: a mock is for local development unless asked otherwise. */
  host?: string;
  /** Called after every answered request. */
  onRequest?: (entry: RequestLogEntry) => void;
  /** Largest request body read, in bytes. Default 10 MiB. */
  maxBodyBytes?: number;
}

export interface RequestLogEntry {
  method: string;
  url: string;
  status: number;
  durationMs: number;
  /** Why the answer does not pass its schema, when it cannot (see `PROBLEM_HEADER`). */
  problem?: string;
}

export interface RunningMock {
  /** `http://host:port`. */
  url: string;
  server: Server;
  close(): Promise<void>;
}

export async function serveMock(mock: Mock, options: ServeOptions = {}): Promise<RunningMock> {
  const maxBody = options.maxBodyBytes ?? 10 * 1024 * 1024;
  const server = createServer((req, res) => {
    const started = performance.now();
    answer(mock, req, res, maxBody)
      .catch((error: unknown) => {
        if (!res.headersSent) {
          const body = JSON.stringify({
            type: "urn:contract:mock:internal",
            title: "Internal error",
            status: 500,
            detail: (error as Error).message,
          });
          res.writeHead(500, {
            "content-type": "application/problem+json",
            "content-length": Buffer.byteLength(body),
          });
          res.end(body);
        } else res.destroy();
      })
      .finally(() => {
        const problem = res.getHeader(PROBLEM_HEADER);
        options.onRequest?.({
          method: req.method ?? "",
          url: req.url ?? "",
          status: res.statusCode,
          durationMs: performance.now() - started,
          ...(typeof problem === "string" ? { problem } : {}),
        });
      });
  });
  server.keepAliveTimeout = 10_000;
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shown = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function answer(mock: Mock, req: IncomingMessage, res: ServerResponse, maxBody: number): Promise<void> {
  const body = await readBody(req, maxBody);
  if (body === undefined) {
    const text = JSON.stringify({
      type: "urn:contract:mock:body-too-large",
      title: "Payload Too Large",
      status: 413,
    });
    res.writeHead(413, {
      "content-type": "application/problem+json",
      "content-length": Buffer.byteLength(text),
      connection: "close",
    });
    res.end(text);
    return;
  }
  const reply = await mock.handle({
    method: req.method ?? "GET",
    url: req.url ?? "/",
    headers: req.headers,
    body,
  });
  res.writeHead(reply.status, reply.headers);
  res.end(reply.body);
}

/** The whole body, or `undefined` when it is larger than `limit`. */
function readBody(req: IncomingMessage, limit: number): Promise<Uint8Array | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        resolve(undefined);
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () =>
      resolve(size > limit ? undefined : chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)),
    );
    req.on("error", reject);
  });
}
