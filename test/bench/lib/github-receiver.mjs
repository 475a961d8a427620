/**
 * The GitHub receiver the benchmarks build from the generated validators: GitHub's signature,
 * routing by X-GitHub-Event and `action`, the fixtures' secret, errors and validation failures
 * swallowed (a benchmark counts, it does not log). Shared by the webhook receivers'
 * listener (`webhooks/listeners.mjs`) and the Redis delivery worker (`redis/github-worker.mjs`) so
 * that both measure the same receiver.
 */
import { GITHUB_ROUTE, GITHUB_SECRET } from "@contract/test-fixtures";

/**
 * `createReceiver` of the build being measured (another build's, e.g. an older commit's, may be
 * passed); `options` add to or override the receiver options (handlers, drift, dedupe, …).
 */
export function createGithubReceiver(
  createReceiver,
  { webhooks, validatorFor, validatorForWithoutFormats },
  options,
) {
  return createReceiver(
    {
      webhooks,
      validators: validatorFor,
      validatorsWithoutFormats: validatorForWithoutFormats,
      signature: "github",
      route: GITHUB_ROUTE,
    },
    { secret: GITHUB_SECRET, onError() {}, onValidationError() {}, ...options },
  );
}
