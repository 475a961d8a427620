/**
 * Sender conformance, one delivery at a time: what a provider sent is held against the contract
 * the way a generated receiver reads it — signature on the raw bytes, then which webhook it is
 * (the runtime's router), the declared Content-Type and required headers, then the payload
 * against the webhook's schema. Every mismatch is a finding; nothing stops at the first one
 * except an unknown webhook (there is then no contract to hold the rest against). A handshake of
 * the scheme's provider is answered as the runtime receiver answers it instead (./handshake.ts).
 */

import { isIgnoredHeaderParameter } from "@contract/core";
import {
  createRouter,
  decodeBody,
  type HandshakeReply,
  isJsonMediaType,
  mediaTypeEssence,
  type RouteConfig,
  resolveSignatureScheme,
  type SignatureConfig,
  selectMediaType,
} from "@contract/runtime/webhooks";
import type { Finding, FindingRequest } from "../../findings/finding.js";
import type { WebhookContract, WebhookTarget } from "../contract.js";
import { curlCommand } from "../curl.js";
import { specPlace } from "../located.js";
import { answerHandshake, type HandshakeOutcome, shownHandshakeUrl } from "./handshake.js";

export interface ReceivedDelivery {
  method: string;
  /** The URL as received (path and query matter to path routing and URL-signing schemes). */
  url: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: Uint8Array;
}

export interface DeliveryVerdict {
  /** The webhook the delivery was identified as. */
  webhook?: string;
  /** The handshake the request was (`slack url_verification`, …), instead of a delivery. */
  handshake?: string;
  /** What to answer instead of the listener's status: the runtime receiver's answer to a handshake. */
  reply?: HandshakeReply;
  findings: Finding[];
}

export interface DeliveryCheckOptions {
  contract: WebhookContract;
  secret: string;
  signature: SignatureConfig;
  /** Meta's `hub.verify_token`, which its `hub.challenge` handshake must carry. */
  verifyToken?: string;
  /** How deliveries name their webhook; default: the only webhook whose schema accepts the payload. */
  route?: RouteConfig;
  /** Replay window of timestamped schemes. Default 300 s. */
  toleranceSeconds?: number;
  now?: () => number;
}

export type DeliveryChecker = (delivery: ReceivedDelivery) => Promise<DeliveryVerdict>;

export function createDeliveryChecker(options: DeliveryCheckOptions): DeliveryChecker {
  const { contract } = options;
  const scheme = resolveSignatureScheme(options.signature, options.secret, {
    verifyToken: options.verifyToken,
  });
  const names = [...new Set(contract.webhooks.map((t) => t.webhook.name))];
  const router = createRouter(options.route ?? { by: "validators" }, names);
  const accepts = (name: string) => {
    const target = contract.webhooks.find((t) => t.webhook.name === name);
    return target?.check ? (payload: unknown) => target.check?.(payload).length === 0 : undefined;
  };

  return async (delivery) => {
    const findings: Finding[] = [];
    const request: FindingRequest = {
      method: delivery.method,
      url: delivery.url,
      headers: delivery.headers,
      body: new TextDecoder().decode(delivery.body),
      curl: "",
    };
    request.curl = curlCommand(request);
    const header = (name: string) => delivery.headers[name];
    const finding = (
      target: WebhookTarget | undefined,
      rule: string,
      message: string,
      extra: Partial<Finding>,
    ): Finding => ({
      subject: "webhook-sender",
      rule,
      severity: "error",
      operation: target?.webhook.name ?? "(unknown)",
      message,
      request,
      ...specPlace(contract, target?.webhook.pointer ?? "/webhooks"),
      ...extra,
    });

    const verified = await scheme.verify({
      headers: header,
      body: delivery.body,
      now: Math.floor((options.now?.() ?? Date.now()) / 1000),
      toleranceSeconds: options.toleranceSeconds ?? 300,
      url: delivery.url,
      method: delivery.method,
    });
    const handshake = await answerHandshake(
      scheme,
      { method: delivery.method, url: delivery.url, headers: header, body: delivery.body },
      verified,
      options.verifyToken,
    );
    if (handshake) return handshakeVerdict(handshake, request);
    const contentType = mediaTypeEssence(header("content-type"));
    // A JSON body sent with another Content-Type is still read as JSON: the wrong header is one
    // finding, and the payload can still be routed and checked.
    const asDeclared = decodeBody(delivery.body, contentType);
    const asJson =
      contentType !== undefined && !isJsonMediaType(contentType)
        ? decodeBody(delivery.body, "application/json")
        : undefined;
    const decoded = asJson?.ok ? asJson : asDeclared;
    const payload = decoded.ok ? decoded.value : undefined;
    const path = new URL(delivery.url, "http://delivery.invalid").pathname;
    const routed = await router({
      headers: header,
      payload,
      path,
      accepts: (name) => accepts(name)?.(payload),
    });
    const target = routed.ok
      ? (contract.webhooks.find(
          (t) => t.webhook.name === routed.webhook && t.webhook.method.toUpperCase() === delivery.method,
        ) ?? contract.webhooks.find((t) => t.webhook.name === routed.webhook))
      : undefined;

    if (!verified.ok)
      findings.push(
        finding(
          target,
          "bad-signature",
          `${verified.reason}: ${verified.message} (${scheme.name} scheme)`,
          {},
        ),
      );
    if (!target) {
      const key = !routed.ok && routed.key !== undefined ? ` (it said ${JSON.stringify(routed.key)})` : "";
      findings.push(finding(undefined, "unknown-webhook", `${routed.ok ? "" : routed.reason}${key}`, {}));
      return { findings };
    }
    for (const parameter of missingHeaders(target, header))
      findings.push(
        finding(target, "missing-header", `required header ${parameter.name} is missing`, {
          ...specPlace(contract, parameter.pointer),
        }),
      );
    const declared = target.webhook.requestBody?.content.map((c) => c.mediaType) ?? [];
    if (declared.length > 0 && selectMediaType(declared, contentType) === undefined) {
      findings.push(
        finding(
          target,
          "wrong-content-type",
          `Content-Type ${JSON.stringify(header("content-type") ?? "(none)")}; the webhook declares ${declared.join(", ")}`,
          specPlace(contract, `${target.webhook.requestBody?.pointer}/content`),
        ),
      );
    }
    if (!decoded.ok) {
      findings.push(
        finding(target, "payload-schema", decoded.message, {
          instancePointer: "",
          ...specPlace(contract, target.media?.pointer ?? target.webhook.pointer),
        }),
      );
    } else if (target.check) {
      for (const issue of target.check(payload)) {
        findings.push(
          finding(target, "payload-schema", `${issue.pointer || "(root)"} ${issue.message}`, {
            instancePointer: issue.pointer,
            ...specPlace(
              contract,
              issue.schemaPointer ?? target.media?.schemaPointer ?? target.webhook.pointer,
            ),
          }),
        );
      }
    }
    return { webhook: target.webhook.name, findings };
  };

  /** Handshakes belong to the endpoint, not to one webhook: findings point at the spec's `webhooks`. */
  function handshakeVerdict(outcome: HandshakeOutcome, received: FindingRequest): DeliveryVerdict {
    const shown = { ...received, url: shownHandshakeUrl(received.url) };
    const request = { ...shown, curl: curlCommand(shown) };
    const findings = outcome.problems.map(
      (problem): Finding => ({
        subject: "webhook-sender",
        ...problem,
        operation: outcome.handshake,
        request,
        ...specPlace(contract, "/webhooks"),
      }),
    );
    return { handshake: outcome.handshake, ...(outcome.reply ? { reply: outcome.reply } : {}), findings };
  }
}

/** Required headers the webhook declares (`in: header`) that the delivery lacks. */
function missingHeaders(target: WebhookTarget, header: (name: string) => string | undefined) {
  return target.webhook.parameters.header.filter(
    (p) => p.required && !isIgnoredHeaderParameter(p.name) && (header(p.name.toLowerCase()) ?? "") === "",
  );
}
