/**
 * Runtime expressions of a Link Object, read as a webhook reads them: the request is the delivery.
 * Only what a delivery has is meaningful: its body (`$request.body#/pointer`) and its headers
 * (`$request.header.name`), constants, and strings with `{$request.…}` embedded. `$response.*`,
 * `$url`, `$method`, `$statusCode` and the request's path and query are refused with a reason.
 */

/** A value read from the delivery. */
export type DeliverySource = { from: "body"; pointer: string } | { from: "header"; name: string };

export type LinkExpression =
  | { kind: "constant"; value: unknown }
  | ({ kind: "source" } & DeliverySource)
  /** A string with expressions embedded: `orders/{$request.body#/id}`. */
  | { kind: "template"; parts: Array<string | DeliverySource> };

export type ParsedExpression = { ok: true; expression: LinkExpression } | { ok: false; message: string };

// RFC 7230 token: what a header name may be.
const HEADER_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Parses one value of a Link Object's `parameters` or its `requestBody`. */
export function parseLinkExpression(value: unknown): ParsedExpression {
  if (typeof value !== "string") return { ok: true, expression: { kind: "constant", value } };
  if (value.startsWith("$")) {
    const source = parseSource(value);
    return source.ok ? { ok: true, expression: { kind: "source", ...source.source } } : source;
  }
  if (!value.includes("{$")) return { ok: true, expression: { kind: "constant", value } };
  return parseTemplate(value);
}

function parseTemplate(value: string): ParsedExpression {
  const parts: Array<string | DeliverySource> = [];
  let rest = value;
  while (rest.length > 0) {
    const start = rest.indexOf("{$");
    if (start === -1) {
      parts.push(rest);
      break;
    }
    if (start > 0) parts.push(rest.slice(0, start));
    const end = rest.indexOf("}", start);
    if (end === -1)
      return { ok: false, message: `"${value}" opens an embedded expression that is never closed` };
    const source = parseSource(rest.slice(start + 1, end));
    if (!source.ok) return source;
    parts.push(source.source);
    rest = rest.slice(end + 1);
  }
  return { ok: true, expression: { kind: "template", parts } };
}

type ParsedSource = { ok: true; source: DeliverySource } | { ok: false; message: string };

function parseSource(text: string): ParsedSource {
  if (text === "$request.body") return { ok: true, source: { from: "body", pointer: "" } };
  if (text.startsWith("$request.body#")) {
    const pointer = text.slice("$request.body#".length);
    const problem = pointerProblem(pointer);
    return problem
      ? { ok: false, message: `"${text}": ${problem}` }
      : { ok: true, source: { from: "body", pointer } };
  }
  if (text.startsWith("$request.header.")) {
    const name = text.slice("$request.header.".length);
    return HEADER_TOKEN.test(name)
      ? { ok: true, source: { from: "header", name: name.toLowerCase() } }
      : { ok: false, message: `"${text}": "${name}" is not a header name` };
  }
  const why = meaningless(text);
  return {
    ok: false,
    message: why
      ? `"${text}": ${why}`
      : `"${text}" is not a runtime expression a webhook link can use ($request.body#/pointer, $request.header.name)`,
  };
}

/** Why an expression valid elsewhere in OpenAPI has no value in a delivery. */
function meaningless(text: string): string | undefined {
  if (text.startsWith("$response."))
    return "a webhook link reads the delivery (`$request.*`); the response is what the receiver answers";
  if (text === "$url" || text === "$method" || text === "$statusCode")
    return `${text} describes the delivery's transport, not its content; use $request.body or $request.header`;
  if (text.startsWith("$request.query.") || text.startsWith("$request.path."))
    return "a delivery's URL is the receiver's own, not the sender's data; use $request.body or $request.header";
  return undefined;
}

function pointerProblem(pointer: string): string | undefined {
  if (pointer === "") return undefined;
  if (!pointer.startsWith("/")) return "the part after `#` must be a JSON pointer starting with `/`";
  if (/~(?![01])/.test(pointer)) return "`~` in a JSON pointer must be written `~0` (and `/` as `~1`)";
  return undefined;
}
