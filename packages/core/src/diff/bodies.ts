/** Request bodies / webhook payloads, responses / acknowledgements, and their media types. */
import type { IRMediaType, IRRequestBody, IRResponse } from "../ir.js";
import { joinPointer } from "../pointer.js";
import type { DiffContext } from "./context.js";
import { compareFields } from "./fields.js";
import { type MessageSide, sideCode } from "./rules.js";
import { compareSchemas } from "./schema-compare.js";
import type { SchemaParts } from "./schema-view.js";

export interface BodyScope {
  ctx: DiffContext;
  side: MessageSide;
  /** `request body`, `payload`, `response 200`... */
  label: string;
}

export function compareBody(
  scope: BodyScope,
  base: IRRequestBody | undefined,
  head: IRRequestBody | undefined,
  parents: { base: string; head: string },
): void {
  if (!base && !head) return;
  const code = (rule: string) => sideCode(scope.side, rule);
  const at = { at: scope.label };
  if (!base) {
    scope.ctx.report(
      code(head!.required ? "required-body-added" : "optional-body-added"),
      at,
      parents.base,
      head!.pointer,
    );
    return;
  }
  if (!head) {
    scope.ctx.report(code("body-removed"), at, base.pointer, parents.head);
    return;
  }
  if (base.required !== head.required) {
    scope.ctx.report(
      code(head.required ? "body-became-required" : "body-became-optional"),
      at,
      base.pointer,
      head.pointer,
    );
  }
  compareContent(scope, base.content, head.content, { base: base.pointer, head: head.pointer }, true);
}

/** Media types are matched exactly, then by essence (`application/json; charset=utf-8` ≈ `application/json`). */
export function compareContent(
  scope: BodyScope,
  base: IRMediaType[],
  head: IRMediaType[],
  parents: { base: string; head: string },
  success: boolean,
): void {
  const matched = new Set<IRMediaType>();
  for (const b of base) {
    const h =
      head.find((m) => m.mediaType === b.mediaType) ??
      head.find((m) => !matched.has(m) && essence(m) === essence(b));
    if (!h) {
      const rule = success ? "media-type-removed" : "error-media-type-removed";
      scope.ctx.report(
        sideCode(scope.side, rule),
        { at: scope.label, name: b.mediaType },
        b.pointer,
        joinPointer(parents.head, "content"),
      );
      continue;
    }
    matched.add(h);
    compareSchemas(scope.ctx, scope.side, mediaSchema(b), mediaSchema(h), {
      label: `${scope.label} ${h.mediaType}`,
      path: "",
    });
  }
  for (const h of head) {
    if (matched.has(h)) continue;
    scope.ctx.report(
      sideCode(scope.side, "media-type-added"),
      { at: scope.label, name: h.mediaType },
      joinPointer(parents.base, "content"),
      h.pointer,
    );
  }
}

function essence(m: IRMediaType): string {
  return m.mediaType.split(";")[0]!.trim().toLowerCase();
}

function mediaSchema(m: IRMediaType): SchemaParts {
  return [{ schema: m.schemaPointer ? m.schema : true, pointer: m.schemaPointer ?? m.pointer }];
}

/** Responses matched by status; a status missing on one side may be covered by a range (`2XX`). */
export function compareResponses(
  ctx: DiffContext,
  side: MessageSide,
  base: IRResponse[],
  head: IRResponse[],
  parents: { base: string; head: string },
): void {
  const noun = side.role === "output" ? "response" : "acknowledgement";
  const matched = new Set<IRResponse>();
  for (const b of base) {
    const h = counterpart(b.status, head);
    if (!h) {
      const rule = isSuccess(b.status) ? "success-status-removed" : "status-removed";
      ctx.report(sideCode(side, rule), { at: noun, name: b.status }, b.pointer, parents.head);
      continue;
    }
    matched.add(h);
    const label = `${noun} ${h.status}`;
    compareFields(
      {
        ctx,
        side,
        where: label,
        baseParent: joinPointer(b.pointer, "headers"),
        headParent: joinPointer(h.pointer, "headers"),
      },
      b.headers,
      h.headers,
    );
    compareContent(
      { ctx, side, label },
      b.content,
      h.content,
      { base: b.pointer, head: h.pointer },
      isSuccess(h.status),
    );
  }
  for (const h of head) {
    if (matched.has(h) || counterpart(h.status, base)) continue;
    ctx.report(sideCode(side, "status-added"), { at: noun, name: h.status }, parents.base, h.pointer);
  }
}

function counterpart(status: string, list: IRResponse[]): IRResponse | undefined {
  const upper = status.toUpperCase();
  const exact = list.find((r) => r.status.toUpperCase() === upper);
  if (exact || upper === "DEFAULT") return exact;
  const range = `${upper[0]}XX`;
  if (upper !== range) return list.find((r) => r.status.toUpperCase() === range);
  return list.find((r) => r.status[0] === upper[0]);
}

function isSuccess(status: string): boolean {
  return status.startsWith("2");
}
