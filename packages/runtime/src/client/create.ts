/** Assembles the client object: one method per operation, optional tag groups, and `request(method, path)`. */
import { setClientBaseUrl } from "./base-url.js";
import { type ClientOptions, createCaller, resolveBaseUrl } from "./core.js";
import type { ApiSpec, OperationSpec } from "./spec.js";

type Method = (args?: object) => Promise<unknown>;

/** What `paginate` needs of a client's method: its operation, the client's caller and base URL. */
export interface MethodTarget {
  spec: OperationSpec;
  call: ReturnType<typeof createCaller>;
  baseUrl: string;
}
const targets = new WeakMap<object, MethodTarget>();

/** The operation behind a method of a client made by `createClientCore`. */
export function methodTarget(method: unknown): MethodTarget | undefined {
  return typeof method === "function" ? targets.get(method) : undefined;
}

/** `options` is the generated `ClientConfig`; its auth and server-variable types come from the spec. */
export function createClientCore(
  api: ApiSpec,
  options: ClientOptions<object, object> = {},
): Record<string, unknown> {
  const call = createCaller(api, options);
  const baseUrl = resolveBaseUrl(api.servers, options.baseUrl, options.serverVariables);
  const methods: Record<string, Method> = {};
  const byRoute = new Map<string, OperationSpec>();
  for (const name of Object.keys(api.operations)) {
    const spec = api.operations[name] as OperationSpec;
    const method: Method = (args) => call(spec, args as never);
    targets.set(method, { spec, call, baseUrl });
    methods[name] = method;
    byRoute.set(`${spec.method} ${spec.path}`, spec);
  }
  const client: Record<string, unknown> = {};
  const grouped = new Set<string>();
  for (const [group, names] of Object.entries(api.groups ?? {})) {
    const members: Record<string, Method> = {};
    for (const name of names) {
      const method = methods[name];
      if (!method) continue;
      members[name] = method;
      grouped.add(name);
    }
    client[group] = members;
  }
  for (const [name, method] of Object.entries(methods)) if (!grouped.has(name)) client[name] = method;
  client.request = (method: string, path: string, args?: object) => {
    const spec = byRoute.get(`${method.toLowerCase()} ${path}`);
    if (!spec)
      return Promise.reject(new TypeError(`No operation ${method.toUpperCase()} ${path} in this API`));
    return call(spec, args as never);
  };
  setClientBaseUrl(client, baseUrl);
  return client;
}
