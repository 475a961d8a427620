/**
 * The headers and raw content of each part of a multipart body, in order. Node's parser (behind
 * `Response.formData()`) reads the parts' values but keeps only their name, file name and type, and
 * decodes a base64 `Content-Transfer-Encoding` leniently; the Encoding Object's `headers` and a
 * schema's `contentEncoding` are checked on what this scanner sees.
 */

export interface RawPart {
  /** By lower-case name; a repeated header's values joined with ", ". */
  headers: Record<string, string>;
  /** The part's bytes as sent, before any transfer decoding. */
  content: Uint8Array;
}

/** The `boundary` parameter of a multipart `Content-Type`, unquoted. */
export function boundaryOf(contentType: string): string | undefined {
  const match = /;\s*boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

/** Parts between the delimiters of `boundary` (RFC 2046 §5.1.1); the preamble and epilogue are skipped. */
export function scanParts(bytes: Uint8Array, boundary: string): RawPart[] {
  const body = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const delimiter = `--${boundary}`;
  const parts: RawPart[] = [];
  let at = body.indexOf(delimiter);
  while (at !== -1) {
    const afterDelimiter = at + delimiter.length;
    // `--boundary--` closes the body.
    if (body[afterDelimiter] === 0x2d && body[afterDelimiter + 1] === 0x2d) break;
    // The delimiter line may carry transport padding before its CRLF.
    const lineEnd = body.indexOf("\r\n", afterDelimiter);
    if (lineEnd === -1) break;
    // A part without headers has its empty line right after the delimiter line.
    const headersEnd = body.indexOf("\r\n\r\n", lineEnd);
    if (headersEnd === -1) break;
    const next = body.indexOf(`\r\n${delimiter}`, headersEnd + 4);
    if (next === -1) break;
    parts.push({
      headers: parseHeaders(body.toString("utf8", lineEnd + 2, headersEnd)),
      content: body.subarray(headersEnd + 4, next),
    });
    at = next + 2;
  }
  return parts;
}

function parseHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  // Folded lines (a line starting with a space or tab) continue the previous header.
  const lines = text === "" ? [] : text.replace(/\r\n[ \t]+/g, " ").split("\r\n");
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = Object.hasOwn(headers, name) ? `${headers[name]}, ${value}` : value;
  }
  return headers;
}
