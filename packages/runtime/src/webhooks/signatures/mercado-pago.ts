/**
 * Mercado Pago webhooks: `x-signature: ts=<Unix seconds>,v1=<hex>`, the HMAC-SHA256 under the
 * application's secret signature of a manifest made of the notification's resource id (the
 * `data.id` query parameter of the URL it was sent to), the `x-request-id` header and the
 * timestamp: `id:<data.id>;request-id:<x-request-id>;ts:<ts>;`, each pair left out when its value
 * is missing. The body is not signed: what is signed is which resource changed, and the handler
 * reads its state from Mercado Pago's API. A body naming another resource (`data.id`) than the
 * signed one is refused, so a captured signature cannot carry another resource's id to a handler.
 *
 * Mercado Pago's guide lowercases an alphanumeric `data.id`, while its SDK signs it as sent: both
 * manifests are tried. QR code notifications are not signed, and so not accepted.
 */
import { fromHex, timingSafeEqual, toHex, utf8 } from "../bytes.js";
import { hmac } from "../hmac.js";
import {
  fail,
  jsonObject,
  parseUnixSeconds,
  type SignatureScheme,
  type SignInput,
  secretList,
  timestampProblem,
  type VerifyInput,
  type VerifyResult,
} from "./types.js";

export interface MercadoPagoOptions {
  /** Secret signatures of the application: every one verifies, the first signs. */
  secrets: string | readonly string[];
}

/** The `data.id` query parameter of `url`, or undefined. */
function dataIdOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const value = new URL(url).searchParams.get("data.id")?.trim();
    return value ? value : undefined;
  } catch {
    return undefined;
  }
}

function manifest(dataId: string | undefined, requestId: string | undefined, ts: string): string {
  return `${dataId ? `id:${dataId};` : ""}${requestId ? `request-id:${requestId};` : ""}ts:${ts};`;
}

/** Whether the body's `data.id`, when it has one, is `dataId` (as sent or lowercased, as signed). */
function namesResource(body: Uint8Array, dataId: string): boolean {
  const data = jsonObject(body, Number.POSITIVE_INFINITY)?.data;
  const id = data !== null && typeof data === "object" ? (data as { id?: unknown }).id : undefined;
  if (id === undefined) return true;
  const text = typeof id === "string" || typeof id === "number" ? String(id) : undefined;
  return text === dataId || text?.toLowerCase() === dataId.toLowerCase();
}

/** `ts` and every `v1` entry of the header (other versions are not this scheme). */
function parseHeader(value: string): { ts: string | undefined; signatures: string[] } {
  let ts: string | undefined;
  const signatures: string[] = [];
  for (const part of value.split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim().toLowerCase();
    const text = part.slice(eq + 1).trim();
    if (key === "ts") ts = text;
    else if (key === "v1" && text !== "") signatures.push(text);
  }
  return { ts, signatures };
}

export function mercadoPagoSignature(options: MercadoPagoOptions): SignatureScheme {
  const keys = secretList(options.secrets, "mercado-pago").map(utf8);

  return {
    name: "mercado-pago",
    async verify(input: VerifyInput): Promise<VerifyResult> {
      const value = input.headers("x-signature");
      if (!value) return fail("missing-signature", "expected header x-signature");
      const { ts, signatures } = parseHeader(value);
      const sent = signatures.map((s) => fromHex(s)).filter((s): s is Uint8Array => s?.length === 32);
      if (sent.length === 0) return fail("malformed-signature", "x-signature holds no v1=<hex HMAC-SHA256>");
      const timestamp = parseUnixSeconds(ts);
      if (ts === undefined || timestamp === undefined)
        return fail("malformed-signature", "x-signature holds no ts=<Unix seconds>");
      const dataId = dataIdOf(input.url);
      const requestId = input.headers("x-request-id")?.trim();
      const manifests = new Set([
        manifest(dataId, requestId, ts),
        manifest(dataId?.toLowerCase(), requestId, ts),
      ]);
      // Every key, manifest and signature is tried (no early exit), so timing does not tell which matched.
      let matched = false;
      for (const key of keys)
        for (const text of manifests) {
          const mac = await hmac("SHA-256", key, [utf8(text)]);
          for (const signature of sent) matched = timingSafeEqual(mac, signature) || matched;
        }
      if (!matched) return fail("bad-signature", "x-signature does not match the notification");
      if (dataId !== undefined && !namesResource(input.body, dataId))
        return fail("bad-signature", `the body's data.id is not the signed data.id ${dataId}`);
      return timestampProblem(timestamp, input) ?? { ok: true, timestamp };
    },
    async sign(input: SignInput) {
      const ts = String(input.timestamp ?? Math.floor(Date.now() / 1000));
      const requestId = input.id ?? crypto.randomUUID();
      const mac = await hmac("SHA-256", keys[0]!, [utf8(manifest(dataIdOf(input.url), requestId, ts))]);
      return { "x-signature": `ts=${ts},v1=${toHex(mac)}`, "x-request-id": requestId };
    },
  };
}
