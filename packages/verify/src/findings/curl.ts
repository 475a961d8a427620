/** Reproduction commands for findings: a curl line that sends the same request again. */

/** Quotes one word for a POSIX shell: single quotes, with embedded ones closed and escaped. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_\-./:=@%+,]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export function curlCommand(request: {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** multipart/form-data fields, sent with `-F` (curl sets the boundary). */
  form?: ReadonlyArray<readonly [string, string]>;
}): string {
  const words = ["curl", "-sS", "-X", request.method.toUpperCase(), request.url];
  for (const [name, value] of Object.entries(request.headers)) words.push("-H", `${name}: ${value}`);
  if (request.body !== undefined) words.push("--data-binary", request.body);
  // `-F` would read `@file` and `<file` values from disk; `--form-string` sends them as written.
  for (const [name, value] of request.form ?? []) words.push("--form-string", `${name}=${value}`);
  return words.map(shellQuote).join(" ");
}
