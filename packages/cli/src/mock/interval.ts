import { parseDuration } from "../duration.js";

/** `--every` durations (see `parseDuration`); `null` when unreadable or under 10 ms. */
export function parseInterval(text: string): number | null {
  const ms = parseDuration(text);
  return ms !== null && ms >= 10 ? ms : null;
}
