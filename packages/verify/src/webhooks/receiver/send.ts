/** Sends one prepared request and keeps what a finding needs of the answer. */
import type { OutgoingRequest } from "./cases.js";

export type Answer =
  | {
      status: number;
      excerpt: string;
      /** Lower-case names (handshakes check the content type and nosniff). */
      headers: Record<string, string>;
    }
  | { error: string };

/** Characters of a response body kept for a finding. */
const EXCERPT = 300;

export async function sendRequest(request: OutgoingRequest, timeoutMs: number): Promise<Answer> {
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body !== "" ? { body: request.body } : {}),
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    return {
      status: response.status,
      excerpt: text.length > EXCERPT ? `${text.slice(0, EXCERPT)}…` : text,
      headers: Object.fromEntries(response.headers),
    };
  } catch (error) {
    const name = (error as Error).name;
    return {
      error:
        name === "TimeoutError" || name === "AbortError"
          ? `no answer within ${timeoutMs} ms`
          : `no answer: ${describe(error)}`,
    };
  }
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
