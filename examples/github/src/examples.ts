/** GitHub's real example deliveries (@octokit/webhooks-examples) and the webhook of the spec each one is. */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

export interface ExampleDelivery {
  /** The `X-GitHub-Event` value. */
  event: string;
  /** The spec's webhook name: `<event>-<action>` in kebab case, or `<event>`. */
  webhook: string;
  payload: Record<string, unknown>;
}

const kebab = (text: string) => text.toLowerCase().replace(/[_\s]+/g, "-");

export function exampleDeliveries(): ExampleDelivery[] {
  const require = createRequire(import.meta.url);
  const file = require.resolve("@octokit/webhooks-examples");
  const groups = JSON.parse(readFileSync(file, "utf8")) as Array<{
    name: string;
    examples: Array<Record<string, unknown>>;
  }>;
  return groups.flatMap((group) =>
    group.examples.map((payload) => ({
      event: group.name,
      webhook:
        typeof payload.action === "string"
          ? `${kebab(group.name)}-${kebab(payload.action)}`
          : kebab(group.name),
      payload,
    })),
  );
}
