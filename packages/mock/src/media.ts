/** `Accept` negotiation: which declared media type a mock answers with. */
import { isJsonMediaType, mediaRangeCovers } from "@contract/core";

interface AcceptRange {
  range: string;
  q: number;
  /** More specific ranges win over wider ones at the same q. */
  specificity: number;
}

function parseAccept(header: string): AcceptRange[] {
  const out: AcceptRange[] = [];
  for (const part of header.split(",")) {
    const [rangeText, ...params] = part.split(";");
    const range = rangeText?.trim().toLowerCase() ?? "";
    if (range === "") continue;
    let q = 1;
    for (const param of params) {
      const [k, v] = param.split("=").map((s) => s.trim());
      if (k === "q" && v !== undefined && !Number.isNaN(Number(v))) q = Number(v);
    }
    const specificity = range === "*/*" ? 0 : range.endsWith("/*") ? 1 : 2;
    out.push({ range, q, specificity });
  }
  return out;
}

/**
 * The declared media type to answer with: with no `Accept` (or `*\/*`), the first JSON one, else the
 * first; otherwise the declared type the client weighs highest. `undefined`: none is acceptable (406).
 */
export function negotiate(declared: readonly string[], accept: string | undefined): string | undefined {
  if (declared.length === 0) return undefined;
  const preferred = declared.find(isJsonMediaType) ?? declared[0];
  if (!accept || accept.trim() === "") return preferred;
  const ranges = parseAccept(accept);
  let best: { media: string; q: number; specificity: number; order: number } | undefined;
  declared.forEach((media, order) => {
    // A declared wildcard (`image/*`, `*/*`) is answered as itself; the client's ranges still have to cover it.
    const fits = ranges.filter((r) => mediaRangeCovers(r.range, media) || mediaRangeCovers(media, r.range));
    if (fits.length === 0) return;
    const top = fits.reduce((a, b) => (b.specificity > a.specificity ? b : a));
    if (top.q <= 0) return;
    const preferJson = media === preferred ? -0.5 : 0;
    const candidate = { media, q: top.q, specificity: top.specificity, order: order + preferJson };
    if (
      !best ||
      candidate.q > best.q ||
      (candidate.q === best.q && candidate.specificity > best.specificity) ||
      (candidate.q === best.q && candidate.specificity === best.specificity && candidate.order < best.order)
    )
      best = candidate;
  });
  return best?.media;
}
