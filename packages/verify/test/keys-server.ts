/**
 * A provider whose operations each take an API key in another place (query, cookie, header), per
 * KEYS_SPEC. It refuses calls without the right key with 401, unless `ignoresCredentials` is set;
 * `crashes` makes every answer a 500 (so every request sent appears in the report).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export const KEY = "k3y/with spaces+&=";

export const KEYS_SPEC = `openapi: 3.1.0
info: { title: Keys, version: "1" }
security: [{ queryKey: [] }]
paths:
  /by-query:
    get:
      operationId: byQuery
      responses:
        "200": { description: OK. }
        "401": { description: No key. }
  /by-cookie:
    get:
      operationId: byCookie
      security: [{ cookieKey: [] }]
      parameters:
        - { name: theme, in: cookie, schema: { type: string, enum: [dark] } }
      responses:
        "200": { description: OK. }
        "401": { description: No key. }
  /by-header:
    get:
      operationId: byHeader
      security: [{ headerKey: [] }]
      responses:
        "200": { description: OK. }
        "401": { description: No key. }
  /open:
    get:
      operationId: open
      security: [{ headerKey: [] }, {}]
      responses:
        "200": { description: OK. }
components:
  securitySchemes:
    queryKey: { type: apiKey, in: query, name: api_key }
    cookieKey: { type: apiKey, in: cookie, name: session }
    headerKey: { type: apiKey, in: header, name: X-Api-Key }
`;

export interface KeysServer {
  url: string;
  /** Per request: the path and the key found where that path expects it (undefined: none). */
  log: Array<{ path: string; key: string | undefined }>;
  ignoresCredentials: boolean;
  /** Answer every request with a 500. */
  crashes: boolean;
  close(): Promise<void>;
}

export async function startKeysServer(): Promise<KeysServer> {
  const state: KeysServer = {
    url: "",
    log: [],
    ignoresCredentials: false,
    crashes: false,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const cookie = (header: string | undefined, name: string) => {
    for (const pair of (header ?? "").split(/;\s*/)) {
      const at = pair.indexOf("=");
      if (pair.slice(0, at) === name) return decodeURIComponent(pair.slice(at + 1));
    }
    return undefined;
  };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const header = req.headers["x-api-key"];
    const keys: Record<string, string | undefined> = {
      "/by-query": url.searchParams.get("api_key") ?? undefined,
      "/by-cookie": cookie(req.headers.cookie, "session"),
      "/by-header": typeof header === "string" ? header : undefined,
      "/open": KEY,
    };
    const key = keys[url.pathname];
    state.log.push({ path: url.pathname, key });
    const known = url.pathname in keys;
    res.writeHead(state.crashes ? 500 : !known ? 404 : key === KEY || state.ignoresCredentials ? 200 : 401);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}
