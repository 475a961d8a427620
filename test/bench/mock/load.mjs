/**
 * The request mix and the load generator of the mock benchmark: one valid request per operation of
 * a spec (required parameters and body from the spec's examples or synthesized until they pass their
 * schemas), replayed round-robin over keep-alive connections with a fixed number in flight; every
 * answer is checked against the spec with one in-process ajv, the same for every server.
 */
import { Agent, request } from "node:http";
import { buildIR, createSchemaChecker, getAtPointer, loadSpec, payloadFor, synthesize } from "@contract/core";
import { serializeParameter } from "@contract/runtime/client";

const TRANSPORT = new Set(["content-length", "content-type", "host", "connection", "transfer-encoding"]);

export async function requestMix(specFile) {
  const ir = buildIR((await loadSpec(specFile)).document);
  const checker = createSchemaChecker(ir.document);
  const problems = (pointer) => (value) =>
    pointer ? checker(pointer)(value).map((p) => `${p.pointer} ${p.message}`) : [];
  const parameterValue = (p) => {
    const check = problems(p.schemaPointer);
    const declared = getAtPointer(ir.document, p.pointer);
    if (declared && "example" in declared && check(declared.example).length === 0) return declared.example;
    for (let attempt = 0; attempt < 12; attempt++) {
      const value = synthesize(p.schema ?? true, ir.document, { seed: `${p.name}:${attempt}` });
      if (check(value).length === 0) return value;
    }
    throw new Error(`no valid value for ${p.pointer}`);
  };
  const credentials = credentialHeaders(ir);
  const requests = ir.operations.map((op) => {
    let path = op.path;
    const query = [];
    // JSON first, anything else the operation answers with (text/plain, text/html, …) after it.
    const headers = { accept: "application/json, */*;q=0.1", ...credentials };
    for (const p of op.parameters.path) {
      path = path.replace(`{${p.name}}`, serializeParameter("path", p.name, parameterValue(p), p));
    }
    for (const p of op.parameters.query)
      if (p.required) query.push(serializeParameter("query", p.name, parameterValue(p), p));
    for (const p of op.parameters.header) {
      if (p.required && !TRANSPORT.has(p.name.toLowerCase()))
        headers[p.name.toLowerCase()] = serializeParameter("header", p.name, parameterValue(p), p);
    }
    let body;
    const content = op.requestBody?.content ?? [];
    const media =
      content.find((c) => c.mediaType === "application/json") ??
      content.find((c) => c.mediaType === "application/x-www-form-urlencoded");
    if (media && op.method !== "get" && op.method !== "head") {
      const value = payloadFor(ir.document, media, {
        seed: op.id,
        check: problems(media.schemaPointer),
      }).value;
      body = media.mediaType === "application/json" ? JSON.stringify(value) : formText(value);
      headers["content-type"] = media.mediaType;
      headers["content-length"] = String(Buffer.byteLength(body));
    }
    return {
      op,
      method: op.method.toUpperCase(),
      path: query.length ? `${path}?${query.join("&")}` : path,
      headers,
      body,
    };
  });
  const validate = (op, status, contentType, text) => {
    const key = declaredStatus(op.responses, status);
    if (!key) return false;
    const response = op.responses.find((r) => r.status === key);
    if (response.content.length === 0) return text === "";
    const essence = (contentType ?? "").split(";")[0].trim().toLowerCase();
    const media = response.content.find((c) => c.mediaType.toLowerCase() === essence);
    if (!media) return false;
    if (!/json/.test(essence) || !media.schemaPointer) return true;
    try {
      return checker(media.schemaPointer)(JSON.parse(text)).length === 0;
    } catch {
      return false;
    }
  };
  return { ir, requests, validate };
}

/** A form body: one field per property, arrays repeated, nested values as JSON. */
function formText(value) {
  const form = new URLSearchParams();
  for (const [key, v] of Object.entries(value ?? {})) {
    for (const item of Array.isArray(v) ? v : [v]) {
      form.append(key, typeof item === "object" && item !== null ? JSON.stringify(item) : String(item));
    }
  }
  return form.toString();
}

function declaredStatus(responses, status) {
  const keys = new Set(responses.map((r) => r.status));
  const exact = String(status);
  if (keys.has(exact)) return exact;
  if (keys.has(`${exact[0]}XX`)) return `${exact[0]}XX`;
  return keys.has("default") ? "default" : undefined;
}

function credentialHeaders(ir) {
  const out = {};
  for (const scheme of ir.securitySchemes) {
    if (scheme.type === "apiKey" && scheme.in === "header") out[scheme.paramName.toLowerCase()] = "bench-key";
    else if (scheme.type === "http" && scheme.scheme === "basic")
      out.authorization = `Basic ${btoa("user:secret")}`;
    else if (scheme.type !== "apiKey" && out.authorization === undefined)
      out.authorization = "Bearer bench-token";
  }
  return out;
}

/** Sends `total` requests of the mix, `concurrency` at a time over keep-alive; counts valid answers. */
export async function drive({ url, requests, validate, total, concurrency, agent }) {
  const { hostname, port } = new URL(url);
  let next = 0;
  let valid = 0;
  const statuses = new Map();
  const one = (r) =>
    new Promise((resolve, reject) => {
      const req = request(
        { host: hostname, port, method: r.method, path: r.path, headers: r.headers, agent },
        (res) => {
          const chunks = [];
          res.on("data", (c) => chunks.push(c));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
            if (validate(r.op, res.statusCode, res.headers["content-type"], text)) valid++;
            resolve();
          });
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(r.body);
    });
  const worker = async () => {
    while (next < total) {
      const r = requests[next++ % requests.length];
      await one(r);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { valid, statuses };
}

export const keepAlive = (concurrency) => new Agent({ keepAlive: true, maxSockets: concurrency });
