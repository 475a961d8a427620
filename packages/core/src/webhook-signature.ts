/**
 * How a spec says its webhooks are signed, in the vendor extensions other generators read:
 * `x-fern-webhook-signature` (document level, or per webhook operation) and
 * `x-speakeasy-webhooks.security` (document level). `contract gen` uses the scheme when the
 * configuration chooses none; `contract check` reports a malformed extension where it is.
 */
import type { OpenApiDocument } from "./openapi.js";
import { joinPointer } from "./pointer.js";

export interface SignatureExtensionProblem {
  pointer: string;
  message: string;
}

export interface SignatureFromSpec {
  /** The runtime's `SignatureConfig` (`{ type: "hmac", ... }`), when the extension maps onto one. */
  config?: {
    type: "hmac";
    header: string;
    encoding: "hex" | "base64";
    timestampHeader?: string;
    timestampSeparator?: string;
  };
  /** Where it came from. */
  pointer?: string;
  /** Malformed extensions (reported by `contract check`). */
  problems: SignatureExtensionProblem[];
  /** Well-formed schemes this toolkit cannot run (the configuration must choose one). */
  unsupported: SignatureExtensionProblem[];
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

function fern(value: unknown, pointer: string, out: SignatureFromSpec): SignatureFromSpec["config"] {
  const problem = (at: string, message: string) => {
    out.problems.push({ pointer: at, message });
    return undefined;
  };
  if (!isObject(value)) return problem(pointer, "x-fern-webhook-signature must be an object");
  const type = value.type;
  if (type !== "hmac" && type !== "asymmetric")
    return problem(
      joinPointer(pointer, "type"),
      'x-fern-webhook-signature.type must be "hmac" or "asymmetric"',
    );
  if (typeof value.header !== "string" || value.header === "")
    return problem(
      joinPointer(pointer, "header"),
      "x-fern-webhook-signature.header must name the signature header",
    );
  const encoding = value.encoding ?? "hex";
  if (encoding !== "hex" && encoding !== "base64")
    return problem(
      joinPointer(pointer, "encoding"),
      'x-fern-webhook-signature.encoding must be "hex" or "base64"',
    );
  const format = value["payload-format"];
  let components: unknown[] = ["body"];
  let delimiter = "";
  if (format !== undefined) {
    if (!isObject(format) || !Array.isArray(format.components) || format.components.length === 0)
      return problem(
        joinPointer(pointer, "payload-format"),
        "x-fern-webhook-signature.payload-format must have a non-empty components list",
      );
    components = format.components;
    if (format.delimiter !== undefined && typeof format.delimiter !== "string")
      return problem(joinPointer(pointer, "payload-format", "delimiter"), "delimiter must be a string");
    delimiter = (format.delimiter as string | undefined) ?? "";
  }
  const timestamp = value.timestamp;
  if (components.includes("timestamp") && !(isObject(timestamp) && typeof timestamp.header === "string"))
    return problem(
      joinPointer(pointer, "timestamp"),
      "a signed timestamp needs x-fern-webhook-signature.timestamp.header",
    );
  const algorithm = value.algorithm ?? "sha256";
  const plain = components.length === 1 && components[0] === "body";
  const timestamped = components.length === 2 && components[0] === "timestamp" && components[1] === "body";
  if (type !== "hmac" || algorithm !== "sha256" || !(plain || timestamped)) {
    out.unsupported.push({
      pointer,
      message: `x-fern-webhook-signature (${String(type)}, ${String(algorithm)}, ${components.join("+")}) has no matching scheme; choose generators.webhooks.signature`,
    });
    return undefined;
  }
  return {
    type: "hmac",
    header: value.header,
    encoding,
    ...(timestamped
      ? { timestampHeader: (timestamp as { header: string }).header, timestampSeparator: delimiter }
      : {}),
  };
}

function speakeasy(value: unknown, pointer: string, out: SignatureFromSpec): SignatureFromSpec["config"] {
  const security = isObject(value) ? value.security : undefined;
  const at = joinPointer(pointer, "security");
  if (!isObject(security)) {
    out.problems.push({
      pointer: isObject(value) ? at : pointer,
      message: "x-speakeasy-webhooks.security must be an object",
    });
    return undefined;
  }
  if (security.type !== "signature") {
    out.unsupported.push({
      pointer: joinPointer(at, "type"),
      message: `x-speakeasy-webhooks.security.type ${JSON.stringify(security.type)} has no matching scheme; choose generators.webhooks.signature`,
    });
    return undefined;
  }
  if (typeof security.headerName !== "string" || security.headerName === "") {
    out.problems.push({
      pointer: joinPointer(at, "headerName"),
      message: "headerName must name the signature header",
    });
    return undefined;
  }
  const encoding = security.signatureTextEncoding ?? "base64";
  if (encoding !== "hex" && encoding !== "base64") {
    out.problems.push({
      pointer: joinPointer(at, "signatureTextEncoding"),
      message: 'signatureTextEncoding must be "hex" or "base64"',
    });
    return undefined;
  }
  if ((security.algorithm ?? "hmac-sha256") !== "hmac-sha256") {
    out.problems.push({ pointer: joinPointer(at, "algorithm"), message: 'algorithm must be "hmac-sha256"' });
    return undefined;
  }
  return { type: "hmac", header: security.headerName, encoding };
}

/** Reads the signature extensions of a (bundled) document. */
export function signatureFromSpec(document: OpenApiDocument): SignatureFromSpec {
  const out: SignatureFromSpec = { problems: [], unsupported: [] };
  const root = document as unknown as Record<string, unknown>;
  const candidates: Array<{ pointer: string; config: SignatureFromSpec["config"] }> = [];
  if (root["x-fern-webhook-signature"] !== undefined)
    candidates.push({
      pointer: "/x-fern-webhook-signature",
      config: fern(root["x-fern-webhook-signature"], "/x-fern-webhook-signature", out),
    });
  if (root["x-speakeasy-webhooks"] !== undefined)
    candidates.push({
      pointer: "/x-speakeasy-webhooks",
      config: speakeasy(root["x-speakeasy-webhooks"], "/x-speakeasy-webhooks", out),
    });
  const webhooks = isObject(root.webhooks) ? root.webhooks : {};
  for (const [name, item] of Object.entries(webhooks)) {
    if (!isObject(item)) continue;
    for (const [method, operation] of Object.entries(item)) {
      if (!isObject(operation) || operation["x-fern-webhook-signature"] === undefined) continue;
      const pointer = joinPointer("/webhooks", name, method, "x-fern-webhook-signature");
      candidates.push({ pointer, config: fern(operation["x-fern-webhook-signature"], pointer, out) });
    }
  }
  const usable = candidates.filter((c) => c.config !== undefined);
  const first = usable[0];
  if (first) {
    const differing = usable.find((c) => JSON.stringify(c.config) !== JSON.stringify(first.config));
    if (differing)
      out.problems.push({
        pointer: differing.pointer,
        message: `signs differently from ${first.pointer}; a contract receives every webhook with one scheme`,
      });
    else {
      out.config = first.config;
      out.pointer = first.pointer;
    }
  }
  return out;
}
