/**
 * Security requirements of an operation: a list of alternatives, each a set of schemes (with scopes)
 * required together. A client that satisfied a base alternative keeps working when some head
 * alternative asks for no more schemes and no more scopes.
 */
import type { IROperation, IRSecurityRequirement } from "../ir.js";
import { joinPointer } from "../pointer.js";
import type { DiffContext } from "./context.js";

export function compareSecurity(
  ctx: DiffContext,
  base: IROperation,
  head: IROperation,
  operation: string,
): void {
  const b = base.security;
  const h = head.security;
  const pointers = [joinPointer(base.pointer, "security"), joinPointer(head.pointer, "security")] as const;
  if (base.kind === "webhook") {
    // The receiver states what it demands from the provider: a change for the provider to follow.
    if (requirementsText(b) !== requirementsText(h)) {
      ctx.report(
        "webhook-security-changed",
        { operation, from: requirementsText(b), to: requirementsText(h) },
        ...pointers,
      );
    }
    return;
  }
  const wasOptional = isOptional(b);
  const isNowOptional = isOptional(h);
  if (wasOptional && !isNowOptional) {
    ctx.report("security-requirement-added", { operation, to: requirementsText(h) }, ...pointers);
    return;
  }
  if (!wasOptional && isNowOptional) {
    ctx.report("security-requirement-removed", { operation }, ...pointers);
    return;
  }
  for (const alternative of b) {
    if (h.some((candidate) => satisfiedBy(alternative, candidate))) continue;
    const sameSchemes = h.find((c) => sameKeys(c, alternative));
    if (sameSchemes) {
      const scopes = Object.entries(sameSchemes).flatMap(([scheme, list]) =>
        list.filter((s) => !alternative[scheme]?.includes(s)),
      );
      ctx.report(
        "security-scopes-added",
        { operation, from: requirementText(alternative), scopes: scopes.join(", ") },
        ...pointers,
      );
    } else {
      ctx.report(
        "security-alternative-removed",
        { operation, from: requirementText(alternative) },
        ...pointers,
      );
    }
  }
  for (const alternative of h) {
    if (b.some((existing) => requirementText(existing) === requirementText(alternative))) continue;
    if (b.some((existing) => sameKeys(existing, alternative))) continue; // reported as scopes added
    ctx.report("security-alternative-added", { operation, to: requirementText(alternative) }, ...pointers);
  }
}

/** No requirement at all, or an empty alternative (`{}`): calling without credentials works. */
function isOptional(list: IRSecurityRequirement[]): boolean {
  return list.length === 0 || list.some((r) => Object.keys(r).length === 0);
}

/** Whether a client holding `held` (schemes and scopes) meets `needed`. */
function satisfiedBy(held: IRSecurityRequirement, needed: IRSecurityRequirement): boolean {
  return Object.entries(needed).every(([scheme, scopes]) => {
    const have = held[scheme];
    return have !== undefined && scopes.every((s) => have.includes(s));
  });
}

function sameKeys(a: IRSecurityRequirement, b: IRSecurityRequirement): boolean {
  const ka = Object.keys(a).sort().join(",");
  return ka === Object.keys(b).sort().join(",");
}

function requirementText(r: IRSecurityRequirement): string {
  const parts = Object.keys(r)
    .sort()
    .map((scheme) => (r[scheme]!.length ? `${scheme} [${[...r[scheme]!].sort().join(", ")}]` : scheme));
  return parts.length ? parts.join(" + ") : "none";
}

function requirementsText(list: IRSecurityRequirement[]): string {
  return list.length ? list.map(requirementText).sort().join(" or ") : "none";
}
