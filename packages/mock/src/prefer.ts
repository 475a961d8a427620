/** The `Prefer` request header as Prism reads it: `Prefer: code=404, example=sold, dynamic=true`. */

export interface Preferences {
  code?: string;
  example?: string;
  dynamic?: boolean;
}

export function parsePrefer(header: string | undefined): Preferences {
  const out: Preferences = {};
  if (!header) return out;
  for (const part of header.split(/[,;]/)) {
    const at = part.indexOf("=");
    if (at === -1) continue;
    const key = part.slice(0, at).trim().toLowerCase();
    const value = part
      .slice(at + 1)
      .trim()
      .replace(/^"(.*)"$/, "$1");
    if (key === "code") out.code = value;
    else if (key === "example") out.example = value;
    else if (key === "dynamic") out.dynamic = value === "true";
  }
  return out;
}
