/** The spec side of a webhook finding: the pointer that was broken and where it is written. */
import type { Finding } from "../findings/finding.js";
import type { WebhookContract } from "./contract.js";

export function specPlace(
  contract: WebhookContract,
  pointer: string,
): Pick<Finding, "specPointer" | "specLocation"> {
  const location = contract.locate(pointer);
  return location ? { specPointer: pointer, specLocation: location } : { specPointer: pointer };
}
