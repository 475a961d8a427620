import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { generateContract, writeFiles } from "@contract/codegen";
import { loadSpec } from "@contract/core";

const shopSpec = fileURLToPath(new URL("../../examples/shop/openapi.yaml", import.meta.url));

/**
 * The example shop's types.ts, validators.js, webhooks.ts and handler stubs (Standard Webhooks
 * signature, routed by the body's `type`, drift rejected), written into `out` by the real writer.
 * `out` must be inside the repository so that the generated imports resolve @contract/runtime.
 * Resolves with the spec's `order.paid` example payload.
 */
export async function generateShopWebhooks(out: string): Promise<Record<string, any>> {
  const loaded = await loadSpec(shopSpec);
  const files = await generateContract(loaded, {
    generators: {
      types: true,
      validators: true,
      webhooks: { signature: "standard-webhooks", route: { by: "body", field: "type" }, drift: "reject" },
    },
  });
  await mkdir(out, { recursive: true });
  await writeFiles(out, files);
  return (loaded.document as any).webhooks["order.paid"].post.requestBody.content["application/json"].examples
    .paid.value;
}
