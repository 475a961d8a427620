/**
 * The links of a contract's webhooks: standard Link Objects on a webhook's 2xx responses, each a
 * typed follow-up call of an operation under `paths`, its parameters read from the delivery.
 * `webhookLinks` returns the links it could make sense of and a located finding for every one it
 * could not; `check` reports the findings and `gen` refuses them.
 */
import type { ContractIR, IRHttpOperation, IRParameter, IRWebhook, ParameterLocation } from "../ir.js";
import { resolveObject } from "../normalize/refs.js";
import { getAtPointer, joinPointer } from "../pointer.js";
import { type DeliverySource, type LinkExpression, parseLinkExpression } from "./expression.js";
import { acceptedTypes, type JsonType, jsonTypeOf, misfitTypes, walkSchemaPath } from "./schema-path.js";

export type LinkFindingCode =
  | "link-target-unknown"
  | "link-parameter-missing"
  | "link-parameter-unknown"
  | "link-pointer-unknown"
  | "link-type-mismatch"
  | "link-expression-invalid";

export interface LinkFinding {
  code: LinkFindingCode;
  pointer: string;
  message: string;
}

export interface WebhookLinkParameter {
  in: ParameterLocation;
  name: string;
  expression: LinkExpression;
  /** The delivery may lack the value (an optional field, `null`, a header). */
  mayBeAbsent: boolean;
  /** The target requires the parameter: without its value there is no call. Otherwise it is left out. */
  required: boolean;
}

export interface WebhookLink {
  /** The Link Object's key: `links: { order: … }` → `order`. */
  name: string;
  webhook: IRWebhook;
  target: IRHttpOperation;
  parameters: WebhookLinkParameter[];
  requestBody?: { expression: LinkExpression; mayBeAbsent: boolean };
  /**
   * `x-url`: the delivery carries the resource's URL. It is followed only when it lies under the
   * client's base URL and matches the target's path; the declared parameters are not used for it.
   */
  url?: { expression: LinkExpression; mayBeAbsent: boolean };
  /** Some value the call needs may be absent from a valid delivery. */
  mayBeUnavailable: boolean;
  pointer: string;
}

export interface WebhookLinks {
  links: WebhookLink[];
  findings: LinkFinding[];
}

type Obj = Record<string, unknown>;
const asObject = (v: unknown): Obj | undefined =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : undefined;

const cache = new WeakMap<ContractIR, WebhookLinks>();

/** Every link declared on a webhook's success responses (computed once per IR). */
export function webhookLinks(ir: ContractIR): WebhookLinks {
  let out = cache.get(ir);
  if (!out) {
    out = collect(ir);
    cache.set(ir, out);
  }
  return out;
}

function collect(ir: ContractIR): WebhookLinks {
  const links: WebhookLink[] = [];
  const findings: LinkFinding[] = [];
  const byOperationId = new Map(ir.operations.filter((o) => o.operationId).map((o) => [o.operationId, o]));
  const byPointer = new Map(ir.operations.map((o) => [o.pointer, o]));
  for (const webhook of ir.webhooks) {
    const names = new Set<string>();
    for (const response of webhook.responses) {
      if (!/^2/.test(response.status)) continue;
      const raw = asObject(asObject(getAtPointer(ir.document, response.pointer))?.links);
      if (!raw) continue;
      // A map of names (no extensions in it): every key is a link, `x-…` included.
      for (const [name, value] of Object.entries(raw)) {
        const at = joinPointer(response.pointer, "links", name);
        const resolved = resolveObject(ir.document, value, at);
        if (!resolved) continue;
        // The same name on several responses (200 and 2XX) is one follow-up: the first one counts.
        if (names.has(name)) continue;
        names.add(name);
        const link = readLink(ir, webhook, name, resolved.value, resolved.pointer, {
          byOperationId,
          byPointer,
          report: (code, pointer, message) => findings.push({ code, pointer, message }),
        });
        if (link) links.push(link);
      }
    }
  }
  return { links, findings };
}

interface Lookup {
  byOperationId: Map<string | undefined, IRHttpOperation>;
  byPointer: Map<string, IRHttpOperation>;
  report: (code: LinkFindingCode, pointer: string, message: string) => void;
}

function readLink(
  ir: ContractIR,
  webhook: IRWebhook,
  name: string,
  link: Obj,
  at: string,
  lookup: Lookup,
): WebhookLink | undefined {
  const target = linkTarget(link, at, lookup);
  if (!target) return undefined;
  const label = `link "${name}" of webhook "${webhook.name}"`;
  const declared = [
    ...target.parameters.path,
    ...target.parameters.query,
    ...target.parameters.header,
    ...target.parameters.cookie,
  ];
  const parameters: WebhookLinkParameter[] = [];
  let broken = false;
  const given = asObject(link.parameters) ?? {};
  // Supplied, even if with a broken value: reported once, as what is wrong with the value.
  const supplied = new Set<IRParameter>();
  for (const [key, value] of Object.entries(given)) {
    const pointer = joinPointer(at, "parameters", key);
    const parameter = findParameter(declared, key);
    if (parameter) supplied.add(parameter);
    if (!parameter) {
      lookup.report(
        "link-parameter-unknown",
        pointer,
        `${label}: ${target.id} has no parameter "${key}" (it takes ${declared.map((p) => `${p.in}.${p.name}`).join(", ") || "none"})`,
      );
      broken = true;
      continue;
    }
    const checked = checkValue(
      ir,
      webhook,
      value,
      pointer,
      parameter.schema,
      `parameter "${parameter.name}"`,
      label,
      lookup,
    );
    if (!checked) {
      broken = true;
      continue;
    }
    parameters.push({ in: parameter.in, name: parameter.name, ...checked, required: parameter.required });
  }
  let url: WebhookLink["url"];
  if (link["x-url"] !== undefined) {
    const checked = checkValue(
      ir,
      webhook,
      link["x-url"],
      joinPointer(at, "x-url"),
      { type: "string" },
      "x-url",
      label,
      lookup,
    );
    if (checked) url = checked;
    else broken = true;
  }
  // With `x-url`, the URL supplies the path; the parameters must still cover what the path does not.
  for (const parameter of declared) {
    if (!parameter.required) continue;
    if (supplied.has(parameter)) continue;
    if (url && parameter.in === "path") continue;
    lookup.report(
      "link-parameter-missing",
      at,
      `${label}: ${target.id} requires ${parameter.in} parameter "${parameter.name}", which the link does not supply`,
    );
    broken = true;
  }
  let requestBody: WebhookLink["requestBody"];
  if (link.requestBody !== undefined) {
    const schema = target.requestBody?.content.find((c) => /json/i.test(c.mediaType))?.schema;
    if (!target.requestBody) {
      lookup.report(
        "link-parameter-unknown",
        joinPointer(at, "requestBody"),
        `${label}: ${target.id} takes no request body`,
      );
      broken = true;
    } else {
      const checked = checkValue(
        ir,
        webhook,
        link.requestBody,
        joinPointer(at, "requestBody"),
        schema,
        "the request body",
        label,
        lookup,
      );
      if (checked) requestBody = checked;
      else broken = true;
    }
  } else if (target.requestBody?.required) {
    lookup.report(
      "link-parameter-missing",
      at,
      `${label}: ${target.id} requires a request body, which the link does not supply`,
    );
    broken = true;
  }
  if (broken) return undefined;
  return {
    name,
    webhook,
    target,
    parameters,
    ...(requestBody ? { requestBody } : {}),
    ...(url ? { url } : {}),
    mayBeUnavailable:
      parameters.some((p) => p.mayBeAbsent && p.required) ||
      requestBody?.mayBeAbsent === true ||
      url !== undefined,
    pointer: at,
  };
}

function linkTarget(link: Obj, at: string, lookup: Lookup): IRHttpOperation | undefined {
  const { operationId, operationRef } = link;
  if (operationId !== undefined && operationRef !== undefined) {
    lookup.report(
      "link-target-unknown",
      at,
      "a link names its target by operationId or operationRef, not both",
    );
    return undefined;
  }
  if (typeof operationId === "string") {
    const target = lookup.byOperationId.get(operationId);
    if (!target)
      lookup.report(
        "link-target-unknown",
        joinPointer(at, "operationId"),
        `no operation under paths has operationId "${operationId}"`,
      );
    return target;
  }
  if (typeof operationRef === "string") {
    if (!operationRef.startsWith("#/paths/")) {
      lookup.report(
        "link-target-unknown",
        joinPointer(at, "operationRef"),
        `operationRef "${operationRef}" must point to an operation of this document (#/paths/...)`,
      );
      return undefined;
    }
    let pointer: string;
    try {
      pointer = decodeURIComponent(operationRef.slice(1));
    } catch {
      pointer = operationRef.slice(1);
    }
    const target = lookup.byPointer.get(pointer);
    if (!target)
      lookup.report(
        "link-target-unknown",
        joinPointer(at, "operationRef"),
        `operationRef "${operationRef}" is not an operation of this document`,
      );
    return target;
  }
  lookup.report("link-target-unknown", at, "a link must name its target with operationId or operationRef");
  return undefined;
}

/** `id`, or `path.id` when several locations have a parameter of that name (as the spec allows). */
function findParameter(declared: IRParameter[], key: string): IRParameter | undefined {
  const dot = key.indexOf(".");
  if (dot > 0) {
    const location = key.slice(0, dot);
    const name = key.slice(dot + 1);
    const qualified = declared.find((p) => p.in === location && p.name === name);
    if (qualified) return qualified;
  }
  return declared.find((p) => p.name === key);
}

function checkValue(
  ir: ContractIR,
  webhook: IRWebhook,
  value: unknown,
  pointer: string,
  targetSchema: unknown,
  what: string,
  label: string,
  lookup: Lookup,
): { expression: LinkExpression; mayBeAbsent: boolean } | undefined {
  const parsed = parseLinkExpression(value);
  if (!parsed.ok) {
    lookup.report("link-expression-invalid", pointer, `${label}: ${parsed.message}`);
    return undefined;
  }
  const { expression } = parsed;
  const accepted = acceptedTypes(ir.document, targetSchema);
  let types: Set<JsonType> | undefined;
  let mayBeAbsent = false;
  const sources: DeliverySource[] =
    expression.kind === "source"
      ? [expression]
      : expression.kind === "template"
        ? expression.parts.filter((p) => typeof p !== "string")
        : [];
  for (const source of sources) {
    if (source.from === "header") {
      mayBeAbsent = true;
      continue;
    }
    const found = payloadPath(ir, webhook, source.pointer);
    if (!found.ok) {
      lookup.report("link-pointer-unknown", pointer, `${label}: ${found.message}`);
      return undefined;
    }
    if (found.optional) mayBeAbsent = true;
    if (expression.kind === "source") types = found.types;
  }
  if (expression.kind === "constant") types = new Set([jsonTypeOf(expression.value)]);
  else if (expression.kind === "template" || (expression.kind === "source" && expression.from === "header"))
    types = new Set(["string"]);
  const misfits = misfitTypes(types, accepted);
  if (misfits.length > 0) {
    lookup.report(
      "link-type-mismatch",
      pointer,
      `${label}: ${what} takes ${[...(accepted ?? [])].join(" or ")}, but the value may be ${misfits.join(" or ")}`,
    );
    return undefined;
  }
  return { expression, mayBeAbsent };
}

/** Walks `pointer` through every payload schema of the webhook (each media type, each method). */
function payloadPath(
  ir: ContractIR,
  webhook: IRWebhook,
  pointer: string,
): { ok: true; optional: boolean; types: Set<JsonType> | undefined } | { ok: false; message: string } {
  const contents = webhook.requestBody?.content.filter((c) => c.schema !== undefined) ?? [];
  if (contents.length === 0)
    return {
      ok: false,
      message: `webhook "${webhook.name}" declares no payload schema for "${pointer}" to point into`,
    };
  let optional = webhook.requestBody?.required !== true;
  let types: Set<JsonType> | undefined = new Set();
  for (const content of contents) {
    const path = walkSchemaPath(ir.document, content.schema, pointer);
    if (!path.found) {
      const where = path.missing === pointer ? `"${pointer}"` : `"${path.missing}" (of "${pointer}")`;
      return {
        ok: false,
        message: `the ${content.mediaType} payload of webhook "${webhook.name}" has no field ${where}`,
      };
    }
    if (path.optional) optional = true;
    if (path.types === undefined) types = undefined;
    else if (types) for (const t of path.types) types.add(t);
  }
  return { ok: true, optional, types };
}
