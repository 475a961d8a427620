/** Query strings and url-encoded form bodies: `name=value` pairs joined by `&`. */

/** Pairs in order, names decoded; values stay encoded until their style has split them. */
export function parseQuery(text: string): [string, string][] {
  if (text === "") return [];
  const out: [string, string][] = [];
  for (const piece of text.split("&")) {
    if (piece === "") continue;
    const at = piece.indexOf("=");
    const name = at === -1 ? piece : piece.slice(0, at);
    const value = at === -1 ? "" : piece.slice(at + 1);
    // Values stay encoded until their parameter's style has split them (`a%2Cb,c` is two items).
    out.push([decodeQuery(name), value]);
  }
  return out;
}

/** Form text: `+` is a space, then percent-decoding; text that is not valid stays as it is. */
export function decodeQuery(text: string): string {
  const spaced = text.replace(/\+/g, " ");
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}
