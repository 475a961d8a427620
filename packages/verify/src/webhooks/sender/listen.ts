/**
 * The server of `contract verify --listen`: receives a provider's deliveries on 127.0.0.1, checks
 * each one (./check-delivery.ts), answers 2xx (or the configured status) so the provider carries
 * on — a handshake as the runtime receiver answers it — and resolves the report when stopped — by
 * `stop()`, after `maxRequests` requests or after `durationMs`.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { VerifyReport } from "../../findings/finding.js";
import type { DeliveryChecker, ReceivedDelivery } from "./check-delivery.js";

export interface ListenOptions {
  check: DeliveryChecker;
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** The answer to every delivery. Default 200. */
  status?: number;
  maxRequests?: number;
  durationMs?: number;
  /** Every webhook of the contract, to list those never delivered as skipped. */
  webhooks?: readonly string[];
  /** Called after each delivery or handshake is checked (progress): the webhook or handshake it was. */
  onDelivery?: (webhook: string | undefined, findings: number) => void;
}

export interface Listener {
  port: number;
  url: string;
  /** Stops receiving; the report resolves once deliveries in progress are checked. */
  stop(): void;
  report: Promise<VerifyReport>;
}

/** Largest body read: GitHub's documented cap on payloads. */
const MAX_BODY_BYTES = 25 * 1024 * 1024;

async function readBody(request: IncomingMessage): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Error(`the body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

function headersOf(request: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

export async function listenForDeliveries(options: ListenOptions): Promise<Listener> {
  const report: VerifyReport = { findings: [], exchanges: 0, checked: [], skipped: [] };
  const seen = new Set<string>();
  const pending = new Set<Promise<void>>();
  let stopped = false;
  let finish: (report: VerifyReport) => void = () => {};
  const done = new Promise<VerifyReport>((resolve) => {
    finish = resolve;
  });

  const server = createServer((request, response) => {
    if (stopped) {
      response.writeHead(503, { connection: "close" }).end();
      return;
    }
    const work = (async () => {
      report.exchanges++;
      const last = options.maxRequests !== undefined && report.exchanges >= options.maxRequests;
      let body: Uint8Array;
      try {
        body = await readBody(request);
      } catch (error) {
        response.writeHead(413).end((error as Error).message);
        return;
      }
      const delivery: ReceivedDelivery = {
        method: request.method ?? "POST",
        url: `http://${request.headers.host ?? "127.0.0.1"}${request.url ?? "/"}`,
        headers: headersOf(request),
        body,
      };
      let verdict: Awaited<ReturnType<DeliveryChecker>>;
      try {
        verdict = await options.check(delivery);
      } catch (error) {
        // A check that throws must not leave the provider waiting or end the run unreported.
        verdict = {
          findings: [
            {
              subject: "webhook-sender",
              rule: "check-failed",
              severity: "error",
              operation: "(unknown)",
              message: `the delivery could not be checked: ${(error as Error).message}`,
            },
          ],
        };
      }
      const name = verdict.webhook ?? verdict.handshake;
      if (name) seen.add(name);
      report.findings.push(...verdict.findings);
      options.onDelivery?.(name, verdict.findings.length);
      const close = last ? { connection: "close" } : {};
      if (verdict.reply)
        response
          .writeHead(verdict.reply.status, { ...verdict.reply.headers, ...close })
          .end(verdict.reply.body);
      else response.writeHead(options.status ?? 200, close).end();
      if (last) stop();
    })();
    pending.add(work);
    void work.finally(() => pending.delete(work));
  });

  const stop = () => {
    if (stopped) return;
    stopped = true;
    if (timer) clearTimeout(timer);
    server.close();
    server.closeIdleConnections();
    void (async () => {
      while (pending.size > 0) await Promise.allSettled([...pending]);
      report.checked = [...seen].sort();
      for (const name of options.webhooks ?? [])
        if (!seen.has(name)) report.skipped.push({ operation: name, reason: "no delivery received" });
      server.closeAllConnections();
      finish(report);
    })();
  };

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const timer = options.durationMs !== undefined ? setTimeout(stop, options.durationMs) : undefined;
  const { port } = server.address() as AddressInfo;
  return { port, url: `http://${options.host ?? "127.0.0.1"}:${port}/`, stop, report: done };
}
