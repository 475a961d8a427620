/**
 * Media ranges as `content` keys and `encoding.contentType` use them. RFC 9110 §12.5.1:
 * `media-range = ( "*\/*" / type "/*" / type "/" subtype ) parameters`, and `encoding.contentType`
 * may be a comma-separated list of them.
 */
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const QUOTED = '"(?:[^"\\\\]|\\\\.)*"';
const PARAMETER = `\\s*;\\s*${TOKEN}\\s*=\\s*(?:${TOKEN}|${QUOTED})`;
const MEDIA_RANGE = new RegExp(`^\\s*${TOKEN}/${TOKEN}(?:${PARAMETER})*\\s*$`);

export function isMediaRangeList(value: string): boolean {
  return splitOutsideQuotes(value).every((part) => MEDIA_RANGE.test(part));
}

function splitOutsideQuotes(value: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === "\\" && quoted) {
      current += c + (value[i + 1] ?? "");
      i++;
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === "," && !quoted) {
      parts.push(current);
      current = "";
    } else current += c;
  }
  parts.push(current);
  return parts;
}
