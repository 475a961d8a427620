/**
 * A provider of ITEMS_SPEC that keeps its contract, unless told to break it in one way: the fault
 * tests switch one fault on and expect verify to name exactly that.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type Fault =
  | "none"
  | "missing-field"
  | "undeclared-status"
  | "wrong-content-type"
  | "accepts-invalid"
  | "delete-crashes"
  | "redirect-elsewhere"
  | "missing-header"
  | "bad-header-value"
  | "hang"
  | "huge";

export interface ItemsServer {
  url: string;
  /** `METHOD path?query` of every request received. */
  log: string[];
  /** Texts of the notes accepted from multipart bodies. */
  notes: string[];
  fault: Fault;
  /** Where `redirect-elsewhere` sends clients. */
  redirectTo: string;
  close(): Promise<void>;
}

export async function startItemsServer(): Promise<ItemsServer> {
  const items = new Map<string, { id: string; name: string; quantity: number }>();
  // Far from what a synthesizer would guess, so a request for one of these ids came from a link.
  let next = 9_000_001;
  const state: ItemsServer = {
    url: "",
    log: [],
    notes: [],
    fault: "none",
    redirectTo: "",
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const json = (res: ServerResponse, status: number, body: unknown, type = "application/json") => {
    res.writeHead(status, { "content-type": type });
    res.end(JSON.stringify(body));
  };
  const problem = (res: ServerResponse, status: number, title: string) =>
    json(res, status, { title }, "application/problem+json");

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    let text = "";
    for await (const chunk of req) text += chunk;
    const url = new URL(req.url ?? "/", "http://localhost");
    state.log.push(`${req.method} ${url.pathname}${url.search}`);
    const path = url.pathname.replace(/^\/api/, "");
    const lax = state.fault === "accepts-invalid";
    if (path === "/health" && req.method === "GET") {
      if (state.fault === "hang") return;
      if (state.fault === "huge") {
        res.writeHead(200, { "content-type": "text/plain", "x-request-id": "req-1" });
        return res.end("x".repeat(64 * 1024));
      }
      if (state.fault === "redirect-elsewhere") {
        res.writeHead(302, { location: `${state.redirectTo}/health` });
        return res.end();
      }
      if (state.fault === "undeclared-status") {
        res.writeHead(202, { "content-type": "text/plain" });
        return res.end("starting");
      }
      if (state.fault === "wrong-content-type") {
        res.writeHead(200, { "content-type": "application/json", "x-request-id": "req-1" });
        return res.end(JSON.stringify({ up: true }));
      }
      const headers: Record<string, string> = { "content-type": "text/plain; charset=utf-8" };
      if (state.fault !== "missing-header") headers["x-request-id"] = "req-1";
      headers["x-rate-limit"] = state.fault === "bad-header-value" ? "abc" : "60";
      res.writeHead(200, headers);
      return res.end("ok");
    }
    if (path === "/notes" && req.method === "POST") {
      const form = await new Response(text, {
        headers: { "content-type": req.headers["content-type"] ?? "" },
      })
        .formData()
        .catch(() => undefined);
      const note = form?.get("text");
      if ((typeof note !== "string" || note.length === 0) && !lax)
        return problem(res, 400, "text is required");
      const tags = (form?.getAll("tags") ?? []).map(String);
      state.notes.push(String(note ?? ""));
      return json(res, 201, { text: String(note ?? ""), tags });
    }
    if (path === "/items" && req.method === "POST") {
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return problem(res, 400, "not JSON");
      }
      const b = body as { name?: unknown; quantity?: unknown };
      const valid =
        typeof body === "object" &&
        body !== null &&
        !Array.isArray(body) &&
        typeof b.name === "string" &&
        b.name.length > 0 &&
        Number.isInteger(b.quantity) &&
        (b.quantity as number) >= 1;
      if (!valid && !lax) return problem(res, 400, "invalid item");
      const item = { id: `it_${next++}`, name: String(b.name), quantity: Number(b.quantity) };
      items.set(item.id, item);
      if (state.fault === "missing-field") return json(res, 201, { id: item.id, quantity: item.quantity });
      return json(res, 201, item);
    }
    if (path === "/items" && req.method === "GET") {
      const limit = Number(url.searchParams.get("limit"));
      if (!(Number.isInteger(limit) && limit >= 1 && limit <= 10) && !lax)
        return problem(res, 400, "bad limit");
      if (!req.headers["x-tenant"] && !lax) return problem(res, 400, "which tenant?");
      return json(res, 200, { data: [...items.values()].slice(0, limit || 10) });
    }
    const match = /^\/items\/([^/]+)$/.exec(path);
    if (match?.[1]) {
      const item = items.get(decodeURIComponent(match[1]));
      if (req.method === "DELETE" && state.fault === "delete-crashes") return problem(res, 500, "boom");
      if (!item) return problem(res, 404, "no such item");
      if (req.method === "GET") return json(res, 200, item);
      if (req.method === "DELETE") {
        items.delete(item.id);
        res.writeHead(204);
        return res.end();
      }
    }
    return problem(res, 404, "no route");
  };
  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  return state;
}
