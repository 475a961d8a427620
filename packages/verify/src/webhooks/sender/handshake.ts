/**
 * The handshakes a sender performs against `verify --listen` before it delivers (someone building
 * a Slack-, Zoom- or Meta-like provider, or a sender configured with one of those schemes). They
 * are answered by the runtime receiver's own handling of the signature scheme, in its order: the
 * scheme's `unsignedHandshake` before the signature is checked, its `signedHandshake` once the
 * signature verifies, and a signed one that does not verify refused with the receiver's 401. The
 * sender so meets exactly what a generated receiver answers. What the request lacks of what the
 * provider documents (./handshake-requests.ts) and a wrong signature are problems to report.
 */
import {
  errorResponse,
  type HandshakeInput,
  type HandshakeReply,
  type SignatureScheme,
  signatureError,
  type VerifyResult,
} from "@contract/runtime/webhooks";
import { HANDSHAKE_NAMES, isHandshakeProvider } from "../handshake-names.js";
import { HANDSHAKE_REQUESTS } from "./handshake-requests.js";

export interface HandshakeProblem {
  rule: "bad-signature" | "handshake-malformed" | "handshake-refused";
  severity: "error" | "warning";
  message: string;
}

export interface HandshakeOutcome {
  /** The handshake, as findings name it (`slack url_verification`, …). */
  handshake: string;
  /** The runtime receiver's answer; absent when it would not take the request as a handshake (then it is answered as a delivery). */
  reply?: HandshakeReply;
  problems: HandshakeProblem[];
}

const is2xx = (status: number) => status >= 200 && status <= 299;

/** The outcome of `input` when it is a handshake of `scheme`'s provider; `undefined` for a delivery. */
export async function answerHandshake(
  scheme: SignatureScheme,
  input: HandshakeInput,
  verified: VerifyResult,
  verifyToken: string | undefined,
): Promise<HandshakeOutcome | undefined> {
  // The provider's name alone says nothing: a custom scheme named "slack" answers no handshake.
  if (!isHandshakeProvider(scheme.name) || (!scheme.unsignedHandshake && !scheme.signedHandshake))
    return undefined;
  const handshake = HANDSHAKE_NAMES[scheme.name];
  const lacks = HANDSHAKE_REQUESTS[scheme.name](input);
  const problems: HandshakeProblem[] = (lacks ?? []).map((message) => ({
    rule: "handshake-malformed",
    severity: "error",
    message,
  }));

  if (scheme.unsignedHandshake) {
    const reply = await scheme.unsignedHandshake(input);
    if (reply) {
      if (!is2xx(reply.status) && problems.length === 0) {
        // Only Meta's can be refused, for its verify token: without the one the sender uses, every one is.
        const unchecked = scheme.name === "meta" && verifyToken === undefined;
        problems.push({
          rule: "handshake-refused",
          severity: unchecked ? "warning" : "error",
          message: unchecked
            ? `refused (${reply.status} ${reply.body}), as a receiver without a verify token refuses every one: give the sender's (--verify-token) to check it`
            : `refused as a generated receiver refuses it: ${reply.status} ${reply.body}`,
        });
      }
      return { handshake, reply, problems };
    }
  }
  if (scheme.signedHandshake) {
    // Asked of a request that did not verify too, only to recognize it: that answer is never sent.
    const reply = await scheme.signedHandshake(input);
    if (!verified.ok && (reply || lacks)) {
      problems.unshift({
        rule: "bad-signature",
        severity: "error",
        message: `${verified.reason}: ${verified.message} (${scheme.name} scheme); a receiver refuses the handshake`,
      });
      return { handshake, reply: errorResponse(signatureError(verified), "full"), problems };
    }
    if (verified.ok && reply) return { handshake, reply, problems };
  }
  return lacks === undefined ? undefined : { handshake, problems };
}

/** The URL as reports show it: Meta's verify token is a shared secret, hidden as `verify --webhooks` hides it. */
export function shownHandshakeUrl(url: string): string {
  try {
    const shown = new URL(url);
    if (!shown.searchParams.has("hub.verify_token")) return url;
    shown.searchParams.set("hub.verify_token", "<redacted>");
    return shown.toString();
  } catch {
    return url;
  }
}
