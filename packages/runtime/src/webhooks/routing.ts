/**
 * What follows a delivery's authentication: parse → route → check against the contract (its media
 * type, then the drift policy). Nothing here runs a handler; `dispatch.ts` does, after it.
 */
import type { Validator, ValidatorLookup } from "../validation/index.js";
import { type Awaitable, isThenable } from "./awaitable.js";
import { checkPayload, type DriftPolicy, type ValidationStatus } from "./drift.js";
import { WebhookReceiverError } from "./errors.js";
import { decodeBody, mediaTypeSelector } from "./media-type.js";
import type {
  IncomingDelivery,
  ReceiverDefinition,
  ReceiverOptions,
  ValidationReport,
  VerifiedDelivery,
} from "./receiver-types.js";
import { createRouter, type RouteConfig, type RouteResult } from "./router.js";

/** An authentic delivery, routed and checked against its contract, before any handler. */
export interface PreparedDelivery {
  webhook: string;
  payload: unknown;
  validation: ValidationStatus;
  mediaType?: string;
  deliveryId?: string;
  timestamp?: number;
}

export interface RoutingOptions {
  definition: ReceiverDefinition;
  route: RouteConfig;
  drift: { payload: DriftPolicy; formats: DriftPolicy };
  /** The receiver's `deliveryId` option: the id read from the headers and payload, first choice. */
  deliveryId: ReceiverOptions<unknown>["deliveryId"];
  /** The payload field holding the delivery id in the signature scheme, last choice. */
  payloadDeliveryIdField: string | undefined;
  /** The status of a delivery no webhook matches. */
  unknownWebhookStatus: number;
  /** The essence of a Content-Type (shared with the request path, which parsed it last). */
  essenceOf: (contentType: string | undefined) => string | undefined;
}

/** Returns `route(delivery, verified, reportValidation)`, answering synchronously when the router does. */
export function createRouting({
  definition,
  route: routeConfig,
  drift,
  deliveryId: deliveryIdOption,
  payloadDeliveryIdField,
  unknownWebhookStatus,
  essenceOf,
}: RoutingOptions) {
  const router = createRouter(
    routeConfig,
    definition.webhooks.map((w) => w.name),
  );
  // Per webhook: its declared media types and which of them a Content-Type selects.
  const declarations = new Map(
    definition.webhooks.map((w) => [
      w.name,
      { mediaTypes: w.mediaTypes, select: mediaTypeSelector(w.mediaTypes) },
    ]),
  );
  const anyWithoutBody = definition.webhooks.some((w) => w.mediaTypes.length === 0);
  const validatorFor = cachedLookup(definition.validators);
  const formatFreeValidatorFor = cachedLookup(definition.validatorsWithoutFormats);
  // The format-free validators only tell format-only failures apart when formats have their own policy.
  const formatsApart = drift.formats !== drift.payload;

  /** What follows authentication: parse → route → validate (drift policy). */
  function route(
    delivery: IncomingDelivery,
    verified: VerifiedDelivery,
    reportValidation: ((report: ValidationReport) => void) | undefined,
  ): Awaitable<WebhookReceiverError | PreparedDelivery> {
    const contentType = essenceOf(delivery.headers("content-type"));
    const decoded = decodeBody(delivery.body, contentType);
    // An empty body that does not decode (not JSON) is a delivery without a payload, which only a
    // webhook declared without a body may be (an event told by its headers alone): in a contract
    // with such webhooks that is known once it is routed, so the refusal waits until then.
    if (!decoded.ok && (delivery.body.length > 0 || !anyWithoutBody))
      return new WebhookReceiverError("malformed_body", decoded.message, { deliveryId: verified.deliveryId });
    const payload = decoded.ok ? decoded.value : undefined;
    const undecodable = decoded.ok ? undefined : decoded.message;

    const routing = router({
      headers: delivery.headers,
      payload,
      path: delivery.path,
      accepts: (name) => {
        const mediaType = declarations.get(name)?.select(contentType);
        return validatorFor(name, mediaType)?.(payload);
      },
    });
    // Header, body and path routes answer synchronously.
    return isThenable(routing)
      ? Promise.resolve(routing).then((routed) =>
          check(delivery, verified, reportValidation, contentType, payload, routed, undecodable),
        )
      : check(delivery, verified, reportValidation, contentType, payload, routing, undecodable);
  }

  /** The routed delivery against its contract: media type, then the drift policy. */
  function check(
    delivery: IncomingDelivery,
    verified: VerifiedDelivery,
    reportValidation: ((report: ValidationReport) => void) | undefined,
    contentType: string | undefined,
    payload: unknown,
    routed: RouteResult,
    /** Why the (empty) body did not decode, when it did not: refused if the webhook it goes to has a body. */
    undecodable: string | undefined,
  ): WebhookReceiverError | PreparedDelivery {
    if (undecodable !== undefined && routed.ok && declarations.get(routed.webhook)!.mediaTypes.length > 0)
      return new WebhookReceiverError("malformed_body", undecodable, { deliveryId: verified.deliveryId });
    const deliveryId =
      deliveryIdOption?.({ headers: delivery.headers, payload }) ??
      verified.deliveryId ??
      payloadField(payload, payloadDeliveryIdField);
    if (!routed.ok) {
      return new WebhookReceiverError("unknown_webhook", routed.reason, {
        status: unknownWebhookStatus,
        ...(deliveryId ? { deliveryId } : {}),
      });
    }
    const webhook = routed.webhook;
    const declaration = declarations.get(webhook)!;
    const declared = declaration.mediaTypes;
    const mediaType = declaration.select(contentType);
    if (declared.length > 0 && mediaType === undefined) {
      return new WebhookReceiverError(
        "unsupported_media_type",
        `webhook ${webhook} is sent as ${declared.join(" or ")}`,
        {
          webhook,
          ...(deliveryId ? { deliveryId } : {}),
        },
      );
    }

    const decision = checkPayload(
      validatorFor(webhook, mediaType),
      payload,
      drift,
      formatsApart ? formatFreeValidatorFor(webhook, mediaType) : undefined,
    );
    if (decision.status.state === "invalid" && decision.action !== "off") {
      const errors = decision.status.errors;
      const outcome = decision.action === "reject" ? "rejected" : "delivered";
      if (reportValidation) {
        // Built field by field: a conditional spread costs a temporary object and a generic copy,
        // and drifting payloads (a third of GitHub's examples) take this path on every delivery.
        const report: ValidationReport = { webhook, errors, outcome };
        if (deliveryId) report.deliveryId = deliveryId;
        try {
          reportValidation(report);
        } catch {
          // A failing logger must not change the answer.
        }
      }
      if (decision.action === "reject") {
        return new WebhookReceiverError("invalid_payload", `the payload does not match webhook ${webhook}`, {
          webhook,
          issues: errors,
          ...(deliveryId ? { deliveryId } : {}),
        });
      }
    }

    const prepared: PreparedDelivery = { webhook, payload, validation: decision.status };
    if (mediaType !== undefined) prepared.mediaType = mediaType;
    if (deliveryId !== undefined) prepared.deliveryId = deliveryId;
    if (verified.timestamp !== undefined) prepared.timestamp = verified.timestamp;
    return prepared;
  }

  return route;
}

/** Looked up on every delivery: cached per webhook and media type, without building the key string. */
function cachedLookup(lookup: ValidatorLookup | undefined) {
  const cache = new Map<string, Map<string, Validator | undefined>>();
  return (webhook: string, mediaType: string | undefined): Validator | undefined => {
    if (mediaType === undefined || !lookup) return undefined;
    let byMediaType = cache.get(webhook);
    if (byMediaType === undefined) {
      byMediaType = new Map();
      cache.set(webhook, byMediaType);
    }
    let validator = byMediaType.get(mediaType);
    if (validator === undefined && !byMediaType.has(mediaType)) {
      validator = lookup(`webhook:${webhook}:${mediaType}`);
      byMediaType.set(mediaType, validator);
    }
    return validator;
  };
}

function payloadField(payload: unknown, field: string | undefined): string | undefined {
  if (field === undefined || payload === null || typeof payload !== "object") return undefined;
  const value = (payload as Record<string, unknown>)[field];
  return typeof value === "string" && value !== "" ? value : undefined;
}
