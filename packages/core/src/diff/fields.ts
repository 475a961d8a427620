/** Parameters and headers: matched by location and name (headers case-insensitively). */
import type { IRParameter } from "../ir.js";
import type { DiffContext } from "./context.js";
import { type MessageSide, sideCode } from "./rules.js";
import { compareSchemas } from "./schema-compare.js";
import type { SchemaParts } from "./schema-view.js";

export interface FieldsScope {
  ctx: DiffContext;
  side: MessageSide;
  /** Prefix of `{at}` in messages, e.g. `response 200`; empty for request parameters. */
  where: string;
  /** Where a field that exists on one side only would sit on the other. */
  baseParent: string;
  headParent: string;
  /** Path parameters renamed between versions (base name → head name). */
  renames?: ReadonlyMap<string, string>;
}

/** Headers the OpenAPI specification says to ignore when described as parameters. */
const IGNORED_REQUEST_HEADERS = new Set(["accept", "content-type", "authorization"]);
const IGNORED_RESPONSE_HEADERS = new Set(["content-type"]);

export function compareFields(scope: FieldsScope, base: IRParameter[], head: IRParameter[]): void {
  const ignored = scope.where ? IGNORED_RESPONSE_HEADERS : IGNORED_REQUEST_HEADERS;
  const keep = (p: IRParameter) => !(p.in === "header" && ignored.has(p.name.toLowerCase()));
  const headByKey = new Map(head.filter(keep).map((p) => [fieldKey(p), p]));
  const matched = new Set<IRParameter>();
  for (const b of base.filter(keep)) {
    const renamed = b.in === "path" ? scope.renames?.get(b.name) : undefined;
    const h = headByKey.get(renamed ? fieldKey({ ...b, name: renamed }) : fieldKey(b));
    if (!h) {
      const rule = b.required ? `${noun(b)}-removed` : `optional-${noun(b)}-removed`;
      report(scope, rule, b, {}, b.pointer, scope.headParent);
      continue;
    }
    matched.add(h);
    compareField(scope, b, h);
  }
  for (const h of headByKey.values()) {
    if (matched.has(h)) continue;
    report(
      scope,
      `${h.required ? "required" : "optional"}-${noun(h)}-added`,
      h,
      {},
      scope.baseParent,
      h.pointer,
    );
  }
}

function compareField(scope: FieldsScope, b: IRParameter, h: IRParameter): void {
  if (b.required !== h.required) {
    report(scope, `${noun(h)}-became-${h.required ? "required" : "optional"}`, h, {}, b.pointer, h.pointer);
  }
  if (b.style !== h.style)
    report(scope, `${noun(h)}-style-changed`, h, { from: b.style, to: h.style }, b.pointer, h.pointer);
  if (b.explode !== h.explode) {
    report(
      scope,
      `${noun(h)}-explode-changed`,
      h,
      { from: String(b.explode), to: String(h.explode) },
      b.pointer,
      h.pointer,
    );
  }
  if (!b.deprecated && h.deprecated) report(scope, `${noun(h)}-deprecated`, h, {}, b.pointer, h.pointer);
  const bType = b.content?.mediaType;
  const hType = h.content?.mediaType;
  if (bType && hType && bType !== hType) {
    report(
      scope,
      `${noun(h)}-media-type-changed`,
      h,
      { from: bType, to: hType },
      b.content!.pointer,
      h.content!.pointer,
    );
  }
  compareSchemas(scope.ctx, scope.side, fieldSchema(b), fieldSchema(h), {
    label: fieldText(scope, h),
    path: "",
  });
}

function fieldSchema(p: IRParameter): SchemaParts {
  if (p.schemaPointer) return [{ schema: p.schema, pointer: p.schemaPointer }];
  if (p.content?.schemaPointer) return [{ schema: p.content.schema, pointer: p.content.schemaPointer }];
  return [{ schema: true, pointer: p.pointer }];
}

function fieldKey(p: Pick<IRParameter, "in" | "name">): string {
  return `${p.in}:${p.in === "header" ? p.name.toLowerCase() : p.name}`;
}

const noun = (p: IRParameter) => (p.in === "header" ? "header" : "parameter");

function fieldText(scope: FieldsScope, p: IRParameter): string {
  const text = p.in === "header" ? `header ${p.name}` : `${p.in} parameter ${p.name}`;
  return scope.where ? `${scope.where} ${text}` : text;
}

function report(
  scope: FieldsScope,
  rule: string,
  p: IRParameter,
  params: Record<string, string>,
  base: string,
  head: string,
): void {
  scope.ctx.report(sideCode(scope.side, rule), { ...params, at: fieldText(scope, p) }, base, head);
}
