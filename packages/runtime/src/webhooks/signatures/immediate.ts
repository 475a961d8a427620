/**
 * Verification without a promise where a scheme can answer at once (not part of the public API).
 * `SignatureScheme.verify` returns a promise, which costs a microtask turn per delivery even when
 * the MAC is synchronous (`node:crypto`); a scheme registers its maybe-synchronous verifier here and
 * the receiver calls that instead. Both give the same result: `verify` is the registered one wrapped.
 */
import type { SignatureScheme, VerifyInput, VerifyResult } from "./types.js";

export type ImmediateVerify = (input: VerifyInput) => VerifyResult | Promise<VerifyResult>;

const immediate = new WeakMap<SignatureScheme, ImmediateVerify>();

/** Registers `verify` as the promise-free verifier of `scheme`; returns `scheme`. */
export function withImmediateVerify(scheme: SignatureScheme, verify: ImmediateVerify): SignatureScheme {
  immediate.set(scheme, verify);
  return scheme;
}

/** The scheme's promise-free verifier, or its `verify`. */
export function immediateVerifier(scheme: SignatureScheme): ImmediateVerify {
  return immediate.get(scheme) ?? ((input) => scheme.verify(input));
}
