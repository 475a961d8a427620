/**
 * The `--signature` help of `trigger`, `mock` and `verify`, in one place so that the three say the
 * same as `signatureFor` (../webhook-flags.ts) does. The preset list itself is not spelled out: it
 * lives in @contract/runtime, which the commands import only when they run, and an unknown name is
 * answered with every accepted one.
 */
const PRESETS =
  'a preset: standard-webhooks, github, stripe, slack, twilio, … (an unknown name lists them all), or JSON with options as in the config, e.g. \'{"type":"hmac","header":"X-Signature"}\'';
const FROM_SPEC = "the spec's x-fern-webhook-signature / x-speakeasy-webhooks";

/** Commands that read a config file: the contract's scheme comes before the spec's. */
export const SIGNATURE_HELP_WITH_CONFIG = `${PRESETS}; default: the contract's in the config, else ${FROM_SPEC}, else standard-webhooks`;

/** Commands given only a spec. */
export const SIGNATURE_HELP_SPEC_ONLY = `${PRESETS}; default: ${FROM_SPEC}, else standard-webhooks`;
