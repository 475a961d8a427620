/**
 * Identifiers and file names derived from webhook names, which can hold anything (`order.paid`,
 * `Account categories updated`, `/leading-slash`): everything emitted is sanitized here, once.
 */

const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for " +
    "function if import in instanceof new null return super switch this throw true try typeof var void while with " +
    "yield let static implements interface package private protected public await"
  ).split(" "),
);

const words = (text: string): string[] => text.split(/[^A-Za-z0-9]+/).filter(Boolean);

/** `order.paid` → `handleOrderPaid`; always a valid, non-reserved identifier. */
export function handlerIdentifier(webhookName: string): string {
  const camel = words(webhookName)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join("");
  const id = `handle${camel || "Webhook"}`;
  return RESERVED.has(id) ? `${id}_` : id;
}

/** `order.paid` → `order-paid`; lower-case ASCII, safe on every file system. */
export function fileSlug(webhookName: string): string {
  const slug = words(webhookName)
    .map((w) => w.toLowerCase())
    .join("-")
    .slice(0, 100);
  return slug || "webhook";
}

/** Returns `base`, or `base2`, `base3`… whichever `taken` does not hold yet, and records it. */
export function uniqueName(base: string, taken: Set<string>, join = ""): string {
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}${join}${i}`;
  taken.add(name);
  return name;
}

/** Text safe inside a `/** … *\/` comment: no terminator, one line per source line. */
export function docText(text: string): string[] {
  return text
    .replace(/\*\//g, "*\\/")
    .split(/\r\n|[\n\r\u2028\u2029]/)
    .map((line) => line.trimEnd());
}

/** JSON.stringify is a valid TS/JS string literal for any input (quotes, newlines, U+2028 escaped). */
export const literal = (text: string): string => JSON.stringify(text);

/** A `/** … *\/` block of lines already made safe with docText, indented for its place. */
export function docBlock(lines: readonly string[], indent: string): string {
  return `${indent}/**\n${lines.map((l) => `${indent} *${l ? ` ${l}` : ""}`).join("\n")}\n${indent} */\n`;
}

/**
 * A property key for an object literal: `"__proto__": x` would set the prototype instead of
 * adding a key, `["__proto__"]: x` adds an own property.
 */
export const propertyKey = (name: string): string =>
  name === "__proto__" ? `[${literal(name)}]` : literal(name);

/** JSON data as a TS expression (config values are plain JSON; JSON.stringify escapes every string). */
export const jsonExpression = (value: unknown): string =>
  JSON.stringify(value, null, 2).replace(/\n/g, "\n  ");
