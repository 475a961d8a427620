/**
 * Adyen signs in two ways, both HMAC-SHA256 with the hex HMAC key of the webhook, base64:
 * - standard (payment) webhooks carry it inside the body, per notification item, in
 *   `NotificationRequestItem.additionalData.hmacSignature`, over `pspReference:originalReference:
 *   merchantAccountCode:merchantReference:amount.value:amount.currency:eventCode:success` (only
 *   those fields: a changed `reason` or `additionalData` still passes, as with Adyen's libraries);
 * - other webhooks (balance platform, management) sign the body's bytes into the `HmacSignature`
 *   header.
 * No timestamp is signed. A notification's delivery id is its items' `pspReference:eventCode:success`:
 * Adyen sends the same event again with the same values, while another outcome of the same
 * payment is another delivery.
 */
import { fromBase64, fromUtf8, timingSafeEqual, toBase64, utf8 } from "../bytes.js";
import { hmac } from "../hmac.js";
import { secretBytes } from "./hmac-header.js";
import {
  bodyBytes,
  bodyText,
  fail,
  type SignatureScheme,
  type SignInput,
  secretList,
  type VerifyResult,
} from "./types.js";

export interface AdyenOptions {
  /** HMAC keys (hex, as the Customer Area shows them): every one verifies, the first signs. */
  secrets: string | readonly string[];
}

const HEADER = "HmacSignature";

type Item = Record<string, unknown>;

export function adyenSignature(options: AdyenOptions): SignatureScheme {
  const keys = secretList(options.secrets, "adyen").map((secret) => {
    if (!/^(?:[0-9a-fA-F]{2})+$/.test(secret.trim()))
      throw new TypeError("adyen: the HMAC key must be hex, as the Customer Area shows it");
    return secretBytes(secret.trim(), "hex");
  });
  const macOf = (key: Uint8Array, data: Uint8Array) => hmac("SHA-256", key, [data]);
  /** Whether `sent` (base64) is the MAC of `data` under one of the keys (all tried, no early exit). */
  const matches = async (sent: string, data: Uint8Array) => {
    const signature = fromBase64(sent.trim());
    if (signature === undefined || signature.length === 0) return false;
    let matched = false;
    for (const key of keys) matched = timingSafeEqual(await macOf(key, data), signature) || matched;
    return matched;
  };

  return {
    name: "adyen",
    async verify(input): Promise<VerifyResult> {
      const header = input.headers(HEADER.toLowerCase());
      if (header !== undefined) {
        return (await matches(header, input.body))
          ? { ok: true }
          : fail("bad-signature", `${HEADER} does not match the body`);
      }
      const items = notificationItems(parseJson(fromUtf8(input.body)));
      if (items === undefined)
        return fail(
          "missing-signature",
          `expected header ${HEADER}, or notificationItems[].NotificationRequestItem with additionalData.hmacSignature`,
        );
      for (const [i, item] of items.entries()) {
        const sent = (item.additionalData as Item | undefined)?.hmacSignature;
        if (typeof sent !== "string")
          return fail("missing-signature", `notification item ${i} has no additionalData.hmacSignature`);
        if (!(await matches(sent, utf8(signedData(item)))))
          return fail("bad-signature", `notification item ${i}: hmacSignature does not match its fields`);
      }
      return { ok: true, deliveryId: items.map(deliveryIdOf).join(",") };
    },
    async signBody(input: SignInput): Promise<string> {
      const text = bodyText(input.body);
      const payload = parseJson(text);
      const items = notificationItems(payload);
      if (items === undefined) return text;
      for (const item of items) {
        const signature = toBase64(await macOf(keys[0]!, utf8(signedData(item))));
        const extra = item.additionalData;
        item.additionalData = {
          ...(extra !== null && typeof extra === "object" ? extra : {}),
          hmacSignature: signature,
        };
      }
      return JSON.stringify(payload);
    },
    async sign(input): Promise<Record<string, string>> {
      const body = bodyBytes(input.body);
      // A notification is signed inside (signBody); anything else in the header.
      if (notificationItems(parseJson(fromUtf8(body))) !== undefined) return {};
      return { [HEADER]: toBase64(await macOf(keys[0]!, body)) };
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The `NotificationRequestItem` objects of a standard notification, or undefined when it is none. */
function notificationItems(payload: unknown): Item[] | undefined {
  const list = (payload as { notificationItems?: unknown } | null | undefined)?.notificationItems;
  if (!Array.isArray(list) || list.length === 0) return undefined;
  const items: Item[] = [];
  for (const entry of list) {
    const item = (entry as { NotificationRequestItem?: unknown } | null)?.NotificationRequestItem;
    if (item === null || typeof item !== "object" || Array.isArray(item)) return undefined;
    items.push(item as Item);
  }
  return items;
}

const text = (value: unknown) => (value === undefined || value === null ? "" : String(value));

/** The signed fields of one item, `:`-joined, absent ones empty (as Adyen's libraries write them). */
function signedData(item: Item): string {
  const amount = (item.amount ?? {}) as Item;
  return [
    item.pspReference,
    item.originalReference,
    item.merchantAccountCode,
    item.merchantReference,
    amount.value,
    amount.currency,
    item.eventCode,
    item.success,
  ]
    .map(text)
    .join(":");
}

const deliveryIdOf = (item: Item) =>
  `${text(item.pspReference)}:${text(item.eventCode)}:${text(item.success)}`;
