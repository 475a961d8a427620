/**
 * Link suggestions for specs that declare none: where a webhook payload carries an object that a
 * GET operation returns (same `$ref`, structurally equal, or same shape; ./schema-match.ts) and
 * every required path parameter of that operation can be filled from the payload
 * (./parameter-mapping.ts), suggest the Link Object to add under the webhook's 2xx response. In a
 * webhook the request is the delivery, so the parameters are `$request.body#/…` expressions.
 *
 * Suggestions are advice for the author: nothing here changes the document or writes a file.
 */
import type { SourceLocation } from "../diagnostics.js";
import type { IRWebhook } from "../ir.js";
import { buildIR } from "../normalize/index.js";
import type { OpenApiDocument } from "../openapi.js";
import { joinPointer } from "../pointer.js";
import { mapParameters, type ParameterSource } from "./parameter-mapping.js";
import { type PayloadObject, payloadObjects } from "./payload-walk.js";
import { bodyExpression, type LinkObject, linkName, renderLinkYaml } from "./render.js";
import {
  type MatchKind,
  MIN_SHAPE_PROPERTIES,
  overlap,
  SHAPE_THRESHOLD,
  structuralKey,
} from "./schema-match.js";
import { collectTargets, isJsonMediaType, type LinkTarget, type TargetIndex } from "./targets.js";

export { type MatchKind, SHAPE_THRESHOLD } from "./schema-match.js";

export interface LinkSuggestion {
  /** The webhook's name (key under `webhooks`) and method. */
  webhook: string;
  method: string;
  /** Pointer to the webhook operation, and its source position when known. */
  pointer: string;
  location?: SourceLocation;
  /** The response the link goes under (the webhook's first 2xx, or `200` when it declares none). */
  status: string;
  /** Where to paste `yaml`: `/webhooks/<name>/<method>/responses/<status>/links`. */
  linksPointer: string;
  name: string;
  /** The GET operation the link leads to. */
  target: { method: "get"; path: string; operationId?: string; pointer: string };
  match: MatchKind;
  /** Property-name overlap for `same-shape` matches (0..1). */
  similarity?: number;
  /** Pointer in the payload of the object that matched the operation's response. */
  payloadPointer: string;
  parameters: ParameterSource[];
  link: LinkObject;
  /** Ranking, 0..1: match certainty times the weakest parameter's. */
  score: number;
  /** The entry to paste under `links`, YAML. */
  yaml: string;
}

export interface SuggestOptions {
  /** Source positions for pointers (the loader's `locate`). */
  locate?: (pointer: string) => SourceLocation | undefined;
}

const MATCH_WEIGHT: Record<MatchKind, number> = { "same-ref": 1, "structurally-equal": 1, "same-shape": 0.8 };

export function suggestLinks(document: OpenApiDocument, options: SuggestOptions = {}): LinkSuggestion[] {
  const ir = buildIR(document);
  const targets = collectTargets(document, ir.operations);
  const out: LinkSuggestion[] = [];
  for (const webhook of ir.webhooks) out.push(...suggestForWebhook(document, webhook, targets, options));
  return out;
}

function suggestForWebhook(
  document: OpenApiDocument,
  webhook: IRWebhook,
  targets: TargetIndex,
  options: SuggestOptions,
): LinkSuggestion[] {
  const bodies = (webhook.requestBody?.content ?? []).filter(
    (m) => isJsonMediaType(m.mediaType) && m.schema !== undefined,
  );
  const found = new Map<string, Omit<LinkSuggestion, "name" | "yaml" | "link"> & { linkBase: string }>();
  const status = webhook.responses.find((r) => /^2(\d\d|XX)$/i.test(r.status))?.status ?? "200";
  for (const body of bodies) {
    const objects = payloadObjects(document, body.schema);
    for (const object of objects) {
      for (const { target, match, similarity } of matchesOf(object, targets)) {
        const parameters = mapParameters(target.parameters, {
          document,
          operationPath: target.operation.path,
          matched: object,
          ...(target.ref !== undefined ? { matchedRef: target.ref } : {}),
          objects,
        });
        if (!parameters) continue;
        const score = MATCH_WEIGHT[match] * (similarity ?? 1) * Math.min(...parameters.map((p) => p.score));
        const key = `${target.operation.pointer} ${parameters.map((p) => p.path.join("/")).join(" ")}`;
        const previous = found.get(key);
        if (previous && previous.score >= score) continue;
        const location = options.locate?.(webhook.pointer);
        found.set(key, {
          webhook: webhook.name,
          method: webhook.method,
          pointer: webhook.pointer,
          ...(location ? { location } : {}),
          status,
          linksPointer: joinPointer(webhook.pointer, "responses", status, "links"),
          target: {
            method: "get",
            path: target.operation.path,
            ...(target.operation.operationId !== undefined
              ? { operationId: target.operation.operationId }
              : {}),
            pointer: target.operation.pointer,
          },
          match,
          ...(similarity !== undefined ? { similarity } : {}),
          payloadPointer: joinPointer("", ...object.path),
          parameters,
          score,
          linkBase: object.path[object.path.length - 1] ?? target.operation.operationId ?? "resource",
        });
      }
    }
  }
  const ranked = [...found.values()].sort(
    (a, b) => b.score - a.score || a.payloadPointer.localeCompare(b.payloadPointer),
  );
  const used = new Set<string>();
  return ranked.map(({ linkBase, ...suggestion }) => {
    let name = linkName(linkBase);
    if (used.has(name))
      name = linkName(`${linkBase}_${suggestion.target.operationId ?? suggestion.target.path}`);
    for (let n = 2; used.has(name); n++) name = linkName(`${linkBase}_${n}`);
    used.add(name);
    const link: LinkObject = {
      ...(suggestion.target.operationId !== undefined
        ? { operationId: suggestion.target.operationId }
        : { operationRef: `#${suggestion.target.pointer}` }),
      parameters: Object.fromEntries(suggestion.parameters.map((p) => [p.name, bodyExpression(p.path)])),
      description: `The ${linkBase} this delivery is about (suggested: ${suggestion.match}).`,
    };
    return { ...suggestion, name, link, yaml: renderLinkYaml(name, link) };
  });
}

interface TargetMatch {
  target: LinkTarget;
  match: MatchKind;
  similarity?: number;
}

function matchesOf(object: PayloadObject, targets: TargetIndex): TargetMatch[] {
  const out = new Map<LinkTarget, TargetMatch>();
  if (object.ref !== undefined)
    for (const target of targets.byRef.get(object.ref) ?? []) out.set(target, { target, match: "same-ref" });
  for (const target of targets.byStructure.get(structuralKey(object.schema)) ?? [])
    if (!out.has(target)) out.set(target, { target, match: "structurally-equal" });
  const names = new Set(object.properties.keys());
  if (names.size >= MIN_SHAPE_PROPERTIES) {
    // Jaccard ≥ t needs the smaller set to be at least t times the larger one.
    const low = Math.ceil(names.size * SHAPE_THRESHOLD);
    const high = Math.floor(names.size / SHAPE_THRESHOLD);
    for (let size = low; size <= high; size++) {
      for (const target of targets.bySize.get(size) ?? []) {
        if (out.has(target)) continue;
        const similarity = overlap(names, target.propertyNames);
        if (similarity >= SHAPE_THRESHOLD) out.set(target, { target, match: "same-shape", similarity });
      }
    }
  }
  return [...out.values()];
}
