/**
 * Matches operations (by method and path template, path parameter names aside) and webhooks (by
 * name and method) across versions, and compares each matched pair. Webhooks use the flipped
 * message sides: the payload is read by the consumer, the acknowledgement written by it.
 */
import { type ContractIR, type IROperation, PARAMETER_LOCATIONS } from "../ir.js";
import { joinPointer } from "../pointer.js";
import { compareBody, compareResponses } from "./bodies.js";
import type { DiffContext } from "./context.js";
import { compareFields } from "./fields.js";
import { SIDES } from "./rules.js";
import { compareSecurity } from "./security.js";
import type { ChangeTarget } from "./types.js";

export function compareContracts(ctx: DiffContext, base: ContractIR, head: ContractIR): void {
  comparePaths(ctx, base.operations, head.operations);
  compareWebhooks(ctx, base.webhooks, head.webhooks);
}

/** `/pets/{id}` and `/pets/{petId}` are the same path to a client. */
const pathKey = (path: string) => path.replace(/\{[^}]*\}/g, "{}");
const opKey = (op: IROperation) => `${op.method} ${op.kind === "operation" ? pathKey(op.path) : op.name}`;

function comparePaths(ctx: DiffContext, base: IROperation[], head: IROperation[]): void {
  const basePaths = groupBy(base, (op) => pathKey(pathOf(op)));
  const headPaths = groupBy(head, (op) => pathKey(pathOf(op)));
  const headOps = new Map(head.map((op) => [opKey(op), op]));
  for (const [key, ops] of basePaths) {
    if (!headPaths.has(key)) {
      const path = pathOf(ops[0]!);
      const code = ops.every((op) => op.deprecated) ? "deprecated-path-removed" : "path-removed";
      ctx.within(ops.map(targetOf), () => ctx.report(code, { path }, pathItemPointer(ops[0]!), "/paths"));
      continue;
    }
    for (const op of ops) {
      const counterpart = headOps.get(opKey(op));
      if (counterpart) ctx.within([targetOf(counterpart)], () => compareOperation(ctx, op, counterpart));
      else {
        const code = op.deprecated ? "deprecated-operation-removed" : "operation-removed";
        const headItem = pathItemPointer(headPaths.get(key)![0]!);
        ctx.within([targetOf(op)], () =>
          ctx.report(code, { operation: targetOf(op).label }, op.pointer, headItem),
        );
      }
    }
  }
  const baseOps = new Set(base.map(opKey));
  for (const [key, ops] of headPaths) {
    if (!basePaths.has(key)) {
      const path = pathOf(ops[0]!);
      ctx.within(ops.map(targetOf), () =>
        ctx.report("path-added", { path }, "/paths", pathItemPointer(ops[0]!)),
      );
      continue;
    }
    for (const op of ops) {
      if (baseOps.has(opKey(op))) continue;
      const baseItem = pathItemPointer(basePaths.get(key)![0]!);
      ctx.within([targetOf(op)], () =>
        ctx.report("operation-added", { operation: targetOf(op).label }, baseItem, op.pointer),
      );
    }
  }
}

function compareWebhooks(ctx: DiffContext, base: IROperation[], head: IROperation[]): void {
  const headByKey = new Map(head.map((op) => [opKey(op), op]));
  const baseKeys = new Set(base.map(opKey));
  for (const op of base) {
    const counterpart = headByKey.get(opKey(op));
    if (counterpart) {
      ctx.within([targetOf(counterpart)], () => compareOperation(ctx, op, counterpart));
      continue;
    }
    const code = op.deprecated ? "deprecated-webhook-removed" : "webhook-removed";
    ctx.within([targetOf(op)], () =>
      ctx.report(code, { operation: targetOf(op).label }, op.pointer, "/webhooks"),
    );
  }
  for (const op of head) {
    if (baseKeys.has(opKey(op))) continue;
    ctx.within([targetOf(op)], () =>
      ctx.report("webhook-added", { operation: targetOf(op).label }, "/webhooks", op.pointer),
    );
  }
}

function compareOperation(ctx: DiffContext, base: IROperation, head: IROperation): void {
  const operation = targetOf(head).label;
  const pointers = [base.pointer, head.pointer] as const;
  if (base.operationId !== head.operationId) {
    const from = base.operationId ?? "none";
    const to = head.operationId ?? "none";
    ctx.report("operation-id-changed", { operation, from, to }, ...pointers);
  }
  if (!base.deprecated && head.deprecated) {
    ctx.report(
      head.kind === "webhook" ? "webhook-deprecated" : "operation-deprecated",
      { operation },
      ...pointers,
    );
  }
  const renames = pathParameterRenames(ctx, base, head, operation);
  compareSecurity(ctx, base, head, operation);

  const webhook = head.kind === "webhook";
  const inbound = webhook ? SIDES.webhookPayload : SIDES.request;
  const outbound = webhook ? SIDES.webhookResponse : SIDES.response;
  compareFields(
    {
      ctx,
      side: inbound,
      where: "",
      baseParent: joinPointer(base.pointer, "parameters"),
      headParent: joinPointer(head.pointer, "parameters"),
      renames,
    },
    PARAMETER_LOCATIONS.flatMap((l) => base.parameters[l]),
    PARAMETER_LOCATIONS.flatMap((l) => head.parameters[l]),
  );
  compareBody(
    { ctx, side: inbound, label: webhook ? "payload" : "request body" },
    base.requestBody,
    head.requestBody,
    {
      base: joinPointer(base.pointer, "requestBody"),
      head: joinPointer(head.pointer, "requestBody"),
    },
  );
  compareResponses(ctx, outbound, base.responses, head.responses, {
    base: joinPointer(base.pointer, "responses"),
    head: joinPointer(head.pointer, "responses"),
  });
}

/** Path parameters are matched by position in the template: `{id}` → `{petId}` is a rename. */
function pathParameterRenames(
  ctx: DiffContext,
  base: IROperation,
  head: IROperation,
  operation: string,
): Map<string, string> {
  const renames = new Map<string, string>();
  if (base.kind !== "operation" || head.kind !== "operation") return renames;
  const names = (path: string) => [...path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]!);
  const b = names(base.path);
  const h = names(head.path);
  b.forEach((from, i) => {
    const to = h[i];
    if (to === undefined || to === from) return;
    renames.set(from, to);
    ctx.report("path-parameter-renamed", { operation, from, to }, base.pointer, head.pointer);
  });
  return renames;
}

export function targetOf(op: IROperation): ChangeTarget {
  const method = op.method.toUpperCase();
  const common = {
    kind: op.kind,
    method: op.method,
    ...(op.operationId ? { operationId: op.operationId } : {}),
  };
  if (op.kind === "operation") return { ...common, label: `${method} ${op.path}`, path: op.path };
  const label = op.method === "post" ? `webhook ${op.name}` : `webhook ${op.name} (${method})`;
  return { ...common, label, name: op.name };
}

const pathOf = (op: IROperation) => (op.kind === "operation" ? op.path : op.name);

/** The path item holding an operation: its pointer minus the method. */
function pathItemPointer(op: IROperation): string {
  return op.pointer.slice(0, op.pointer.lastIndexOf("/"));
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
