/** A user-supplied verifier, for providers with a scheme of their own (asymmetric keys, mTLS tokens...). */
import type { HeaderReader, SignatureScheme, SignInput, VerifyResult } from "./types.js";

export interface CustomVerifyInput {
  headers: HeaderReader;
  body: Uint8Array;
  now: number;
  toleranceSeconds: number;
}

/** `true`/`false`, or a full result (to report a delivery id, a timestamp or a reason). */
export type CustomVerifier = (
  input: CustomVerifyInput,
) => boolean | VerifyResult | Promise<boolean | VerifyResult>;

export interface CustomSignatureOptions {
  verify: CustomVerifier;
  sign?: (input: SignInput) => Record<string, string> | Promise<Record<string, string>>;
  /** For a scheme that signs inside the body: the body to send instead of `input.body`. */
  signBody?: (input: SignInput) => string | Promise<string>;
  name?: string;
}

export function customSignature(options: CustomSignatureOptions): SignatureScheme {
  const name = options.name ?? "custom";
  return {
    name,
    async verify(input) {
      const result = await options.verify(input);
      if (result === true) return { ok: true };
      if (result === false)
        return { ok: false, reason: "bad-signature", message: `${name} verifier rejected the delivery` };
      return result;
    },
    async sign(input) {
      if (!options.sign) {
        if (options.signBody) return {}; // signed inside the body only
        throw new TypeError(`${name}: no sign function was configured`);
      }
      return options.sign(input);
    },
    ...(options.signBody ? { signBody: async (input: SignInput) => options.signBody!(input) } : {}),
  };
}
