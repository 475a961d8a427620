/**
 * Webhook links at run time: the follow-up calls a contract declares on a webhook, bound to one
 * delivery. `event.links.order()` reads the values the link names from the delivery (payload
 * pointers, headers, constants) and calls the target operation through the client the receiver was
 * given. A value the delivery lacks gives a `LinkUnavailable` result, never a request with
 * `undefined` in it; a URL taken from the payload is followed only when it lies under the client's
 * base URL and matches the target's path template, so the payload never chooses the host.
 */
import { clientBaseUrl } from "../client/base-url.js";
import type { Call } from "../client/types.js";
import type { HeaderReader } from "./signatures/index.js";

/** Where a value comes from in the delivery. */
export type LinkSource = { from: "body"; pointer: string } | { from: "header"; name: string };

/** A value of a link, as the generator emits it (the spec's runtime expression, already parsed). */
export type LinkValue = { const: unknown } | LinkSource | { template: Array<string | LinkSource> };

type Location = "path" | "query" | "header" | "cookie";

/** One link of one webhook, as the generator emits it. */
export interface LinkDescriptor {
  /** The target operation (lower-case method, path template as in the spec). */
  method: string;
  path: string;
  parameters?: Partial<Record<Location, Record<string, LinkValue>>>;
  /** Parameters the target does not require (`query.expand`): left out when the delivery lacks the value. */
  optional?: readonly string[];
  body?: LinkValue;
  /** A URL in the delivery that names the resource; its path parameters are read from it. */
  url?: LinkValue;
}

/** The delivery lacks what the call needs, or carries a URL the client must not follow. */
export interface LinkUnavailable {
  ok: false;
  unavailable: true;
  /** The link's name. */
  link: string;
  /** `absent`: a value is missing or `null`; `foreign-url`: the URL is not under the client's base URL or not the target's path. */
  reason: "absent" | "foreign-url";
  /** The pointer (`/data/id`) or header (`header:x-shop-id`) that was absent, or the refused URL. */
  missing: string;
  status?: undefined;
  data?: undefined;
  error?: undefined;
}

/**
 * What `event.links.<name>` is when the receiver has no client: not callable, and its type says
 * why (`This expression is not callable`).
 */
export type LinkWithoutClient = "pass `client` to createWebhookReceiver to follow webhook links";

/**
 * What a link's call resolves to: exactly what the client's method for operation `Op` resolves to,
 * for a client created throwing on errors (`Throw`) or not.
 */
export type LinkResult<Op, Throw extends boolean> = Awaited<ReturnType<Call<Op, Throw>>>;

/**
 * A link bound to a delivery: resolves to `Result` (a `LinkResult`), or to `LinkUnavailable` when
 * the spec allows a value it needs to be absent.
 */
export type LinkCall<Result, MayBeUnavailable extends boolean> = () => Promise<
  Result | (MayBeUnavailable extends true ? LinkUnavailable : never)
>;

/** The one method a link uses on a client made by the generated `createClient`. */
interface RequestingClient {
  request(method: string, path: string, args?: object): Promise<unknown>;
}

type Bound = Record<string, () => Promise<unknown>>;

class Absent {
  constructor(readonly what: string) {}
}

/** The links of one delivery, each a function of no arguments. */
export function bindLinks(
  descriptors: Readonly<Record<string, LinkDescriptor>>,
  delivery: { payload: unknown; headers: HeaderReader; signal?: () => AbortSignal },
  client: unknown,
): Bound {
  const bound: Bound = Object.create(null);
  for (const name of Object.keys(descriptors)) {
    const descriptor = descriptors[name] as LinkDescriptor;
    bound[name] = () => follow(name, descriptor, delivery, client);
  }
  return bound;
}

async function follow(
  name: string,
  descriptor: LinkDescriptor,
  delivery: { payload: unknown; headers: HeaderReader; signal?: () => AbortSignal },
  client: unknown,
): Promise<unknown> {
  if (!isRequestingClient(client))
    throw new TypeError(
      `webhook link "${name}" needs the API client: pass \`client\` to createWebhookReceiver`,
    );
  const read = (value: LinkValue) => evaluate(value, delivery.payload, delivery.headers);
  const args: Record<string, unknown> = {};
  for (const [location, values] of Object.entries(descriptor.parameters ?? {})) {
    const group: Record<string, unknown> = {};
    for (const [parameter, value] of Object.entries(values ?? {})) {
      const v = read(value);
      if (v instanceof Absent) {
        if (descriptor.optional?.includes(`${location}.${parameter}`)) continue;
        return unavailable(name, "absent", v.what);
      }
      group[parameter] = v;
    }
    args[location] = group;
  }
  if (descriptor.url !== undefined) {
    const url = read(descriptor.url);
    if (url instanceof Absent) return unavailable(name, "absent", url.what);
    const params = pathParametersFromUrl(String(url), clientBaseUrl(client), descriptor.path);
    if (!params) return unavailable(name, "foreign-url", String(url));
    args.path = { ...(args.path as object | undefined), ...params };
  }
  if (descriptor.body !== undefined) {
    const body = read(descriptor.body);
    if (body instanceof Absent) return unavailable(name, "absent", body.what);
    args.body = body;
  }
  // The handler's timeout aborts the follow-up call too.
  if (delivery.signal) args.signal = delivery.signal();
  return client.request(descriptor.method, descriptor.path, args);
}

function unavailable(link: string, reason: LinkUnavailable["reason"], missing: string): LinkUnavailable {
  return { ok: false, unavailable: true, link, reason, missing };
}

function isRequestingClient(client: unknown): client is RequestingClient {
  return (
    client !== null &&
    typeof client === "object" &&
    typeof (client as RequestingClient).request === "function"
  );
}

function evaluate(value: LinkValue, payload: unknown, headers: HeaderReader): unknown {
  if ("const" in value) return value.const;
  if ("template" in value) {
    let text = "";
    for (const part of value.template) {
      if (typeof part === "string") {
        text += part;
        continue;
      }
      const v = readSource(part, payload, headers);
      if (v instanceof Absent) return v;
      text += typeof v === "string" ? v : JSON.stringify(v);
    }
    return text;
  }
  return readSource(value, payload, headers);
}

function readSource(source: LinkSource, payload: unknown, headers: HeaderReader): unknown {
  if (source.from === "header") {
    const v = headers(source.name);
    return v === undefined ? new Absent(`header:${source.name}`) : v;
  }
  const v = atPointer(payload, source.pointer);
  return v === undefined || v === null ? new Absent(source.pointer || "/") : v;
}

/** RFC 6901, own properties only (a payload's `__proto__` key is data, not a way out). */
function atPointer(root: unknown, pointer: string): unknown {
  if (pointer === "") return root;
  let node = root;
  for (const raw of pointer.slice(1).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/**
 * The path parameters of `template` read from `url`, when `url` lies under `baseUrl` (same
 * scheme, host and port, path below the base path, no credentials) and its remaining path matches
 * the template; otherwise undefined. The call is then made by the client to its own base URL.
 */
export function pathParametersFromUrl(
  url: string,
  baseUrl: string | undefined,
  template: string,
): Record<string, string> | undefined {
  if (!baseUrl) return undefined;
  let target: URL;
  let base: URL;
  try {
    target = new URL(url);
    base = new URL(baseUrl);
  } catch {
    return undefined;
  }
  if (target.origin !== base.origin || target.username !== "" || target.password !== "") return undefined;
  const basePath = base.pathname.replace(/\/+$/, "");
  if (!target.pathname.startsWith(`${basePath}/`)) return undefined;
  const rest = target.pathname.slice(basePath.length).split("/");
  const parts = template.split("/");
  if (rest.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    const segment = rest[i] as string;
    const variable = /^\{([^}]+)\}$/.exec(part);
    if (!variable) {
      if (part !== segment) return undefined;
      continue;
    }
    let value: string;
    try {
      value = decodeURIComponent(segment);
    } catch {
      return undefined;
    }
    if (value === "" || value === "." || value === "..") return undefined;
    params[variable[1] as string] = value;
  }
  return params;
}
