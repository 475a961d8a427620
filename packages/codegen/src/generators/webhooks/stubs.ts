/**
 * User-owned handler stubs: one module per webhook with the typed signature and a TODO body, and an
 * index registering them by webhook name. Created once; see merge.ts for later runs.
 */
import { posix } from "node:path";
import type { WebhookModel } from "./model.js";
import { docText, literal, propertyKey } from "./names.js";

export interface StubPlan {
  model: WebhookModel;
  /** Path relative to the output folder. */
  path: string;
  identifier: string;
}

/**
 * `import … from` specifier of webhooks.ts as seen from a file in `handlersDir` (relative to the
 * output folder; a folder next to it needs `outDir`, the output folder's absolute path).
 */
export function receiverImport(handlersDir: string, outDir = "/out"): string {
  const out = posix.resolve(outDir.replace(/\\/g, "/"));
  const relative = posix.relative(posix.resolve(out, handlersDir), posix.join(out, "webhooks.js"));
  return relative.startsWith(".") ? relative : `./${relative}`;
}

export function renderStub(plan: StubPlan, handlersDir: string, header: string, outDir?: string): string {
  const summary = plan.model.summary ? docText(plan.model.summary).slice(0, 6) : [];
  // Names are spec text too: `*/` or a line separator in one must not end the comment.
  const named = docText(`Webhook ${literal(plan.model.name)}.`).join(" ");
  const doc = [named, ...summary.map((l) => l)].map((l) => ` *${l ? ` ${l}` : ""}`).join("\n");
  return `${header}import type { WebhookEvent } from ${literal(receiverImport(handlersDir, outDir))};

/**
${doc}
 *
 * Runs once per authentic delivery (duplicates are dropped). Throwing makes the receiver answer 500,
 * so the sender retries. Unless the drift policy is \`reject\`, check \`event.validation\` before
 * trusting \`event.payload\` beyond what you use.
 */
export async function ${plan.identifier}(event: WebhookEvent<${literal(plan.model.name)}>): Promise<void> {
  // TODO: handle the ${docText(literal(plan.model.name)).join(" ")} webhook.
  void event;
}
`;
}

export const importSpecifier = (plan: StubPlan, handlersDir: string): string =>
  `./${posix.relative(handlersDir, plan.path).replace(/\.ts$/, ".js")}`;

export function renderIndex(
  plans: readonly StubPlan[],
  handlersDir: string,
  header: string,
  outDir?: string,
): string {
  const imports = plans
    .map((p) => `import { ${p.identifier} } from ${literal(importSpecifier(p, handlersDir))};`)
    .join("\n");
  const entries = plans.map((p) => `  ${propertyKey(p.model.name)}: ${p.identifier},`).join("\n");
  return `${header}import type { WebhookHandlers } from ${literal(receiverImport(handlersDir, outDir))};
${imports}

/** Every handler, by webhook name. \`contract gen\` adds the handlers of new webhooks here. */
export const handlers: WebhookHandlers = {
${entries}
};
`;
}
