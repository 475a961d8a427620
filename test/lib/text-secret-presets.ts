/**
 * Presets whose secret is any text (an HMAC key or a shared token taken as written), so one test
 * secret serves them all: the verify tests run each through a generated receiver and a sender.
 */
export const TEXT_SECRET_PRESETS = [
  "x",
  "line",
  "telegram",
  "woocommerce",
  "razorpay",
  "pagerduty",
  "paystack",
  "gocardless",
  "mercado-pago",
  "circleci",
  "bitbucket",
  "vercel",
  "lemon-squeezy",
  "frame-io",
  "customer-io",
  "webex",
  "help-scout",
  "segment",
  "google-watch",
] as const;
