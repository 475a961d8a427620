/** A shell command that sends a recorded request again, for a finding's reader to reproduce it. */

/** Single-quoted for POSIX shells: nothing inside is expanded. */
const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

export function curlCommand(request: {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}): string {
  const parts = ["curl", "-X", request.method, quote(request.url)];
  for (const [name, value] of Object.entries(request.headers)) parts.push("-H", quote(`${name}: ${value}`));
  if (request.body !== undefined && request.body !== "") parts.push("--data-binary", quote(request.body));
  return parts.join(" ");
}
