/** `--every` durations: `500ms`, `5s`, `1m`, or plain milliseconds; `null` when unreadable or under 10 ms. */
export function parseInterval(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!m) return null;
  const unit = m[2] ?? "ms";
  const ms = Number(m[1]) * (unit === "m" ? 60_000 : unit === "s" ? 1000 : 1);
  return ms >= 10 ? Math.round(ms) : null;
}
