/**
 * How one attempt goes out: a POST whose answer (status, headers, at most `MAX_RESPONSE_BYTES` of
 * text) comes back. Two transports: `fetch` (every platform, or the caller's own) and node:http
 * (`node-transport.ts`), whose connections are checked at connect time.
 */

/** Bytes of an answer read at most; the rest of the stream is cancelled, not downloaded. */
export const MAX_RESPONSE_BYTES = 64 * 1024;

export interface OutgoingPost {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Aborts the attempt, answer reading included (the attempt's timeout and the caller's signal). */
  signal: AbortSignal;
}

export interface Answer {
  status: number;
  /** Lower-case names; repeated headers joined with `, ` as `Headers` does (`set-cookie`: the last). */
  headers: Record<string, string>;
  /** The answer's text, cut at `MAX_RESPONSE_BYTES` (`…` marks the cut). */
  body: string;
}

export type Transport = (post: OutgoingPost) => Promise<Answer>;

/**
 * Thrown when the address a connection would go to is not a permitted target; the attempt is
 * reported as `refused`, like a target refused before connecting.
 */
export class RefusedTargetError extends Error {
  readonly code = "ERR_REFUSED_TARGET";
  constructor(readonly problem: string) {
    super(`refused target: ${problem}`);
    this.name = "RefusedTargetError";
  }
}

/** Text of an answer received in chunks, decoded as UTF-8 and cut after `maxBytes`. */
export class CappedText {
  private readonly decoder = new TextDecoder();
  private text = "";
  private total = 0;
  private cut = false;
  constructor(private readonly maxBytes = MAX_RESPONSE_BYTES) {}

  /** Adds a chunk; true when the cap is reached (the rest of the answer is not wanted). */
  push(chunk: Uint8Array): boolean {
    if (this.total + chunk.length > this.maxBytes) {
      this.text += `${this.decoder.decode(chunk.subarray(0, this.maxBytes - this.total))}…`;
      this.cut = true;
      return true;
    }
    this.total += chunk.length;
    this.text += this.decoder.decode(chunk, { stream: true });
    return false;
  }

  /** The text so far (call once, after the last chunk or the cut). */
  finish(): string {
    return this.cut ? this.text : this.text + this.decoder.decode();
  }
}

/** Attempts through `fetch`: redirects not followed, the answer read up to the cap. */
export function fetchTransport(fetchImpl: typeof fetch): Transport {
  return async ({ url, headers, body, signal }) => {
    const response = await fetchImpl(url, { method: "POST", headers, body, signal, redirect: "manual" });
    return {
      status: response.status,
      headers: Object.fromEntries(response.headers),
      body: await readCapped(response),
    };
  };
}

async function readCapped(response: Response): Promise<string> {
  const text = new CappedText();
  if (response.body === null) return text.finish();
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text.finish();
    if (text.push(value)) {
      await reader.cancel().catch(() => {});
      return text.finish();
    }
  }
}
