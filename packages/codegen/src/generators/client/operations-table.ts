/**
 * The `operations` table of `client.ts`: each operation's runtime facts (`OperationSpec`) as JSON in
 * one template literal, one operation a line, read with `JSON.parse`. Written as an object literal,
 * a large API's table costs every consumer's `tsc` a symbol per key and an `OperationSpec` check per
 * entry (a fifth of the type-check of a one-call consumer of GitHub's client); a string costs a
 * scan. V8 also parses JSON faster than the same object literal. The entries are typed where they
 * are built (`operationSpec`), so nothing is lost by not checking them again in every consumer.
 */

/**
 * `text` as a template literal whose value is exactly `text`: `\`, backtick and `${` are escaped,
 * everything else (line breaks included) stands for itself.
 */
export function templateLiteral(text: string): string {
  return `\`${text.replace(/[\\`]|\$\{/g, (match) => `\\${match}`)}\``;
}

/** `JSON.parse(\`{ "name": {...}, ... }\`)` with one entry a line; JSON.parse keeps `__proto__` an own key. */
export function operationsTable(entries: ReadonlyArray<readonly [string, unknown]>): string {
  const lines = entries.map(([name, spec]) => `${JSON.stringify(name)}: ${JSON.stringify(spec)}`);
  return `JSON.parse(${templateLiteral(`{\n${lines.join(",\n")}\n}`)})`;
}
