/**
 * What the webhook benchmarks and the receiver profile share: the 327 real GitHub example payloads
 * signed as GitHub signs them, the generated validators.js for GitHub's webhooks, and the per-delivery
 * stage costs measured on them.
 */
import { createHmac } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { GITHUB_SECRET } from "@contract/test-fixtures";
import { GITHUB_EXAMPLES, GITHUB_WEBHOOKS, repoRoot } from "../lib/paths.mjs";

export const SECRET = GITHUB_SECRET;
export const SPEC = GITHUB_WEBHOOKS;

/** `{ event, action, body, signature }` per example; the two repository_dispatch test payloads have no webhook in the spec. */
export async function githubDeliveries(secret = SECRET) {
  const examples = JSON.parse(await readFile(GITHUB_EXAMPLES, "utf8"));
  return examples
    .filter((group) => group.name !== "repository_dispatch")
    .flatMap((group) =>
      group.examples.map((payload) => {
        const body = JSON.stringify(payload);
        const signature = `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
        return { event: group.name, action: payload.action, body, signature };
      }),
    );
}

/** The generated validators.js, written where it resolves @contract/runtime (test/.out is ignored). */
export async function generateValidators() {
  const { buildIR, loadSpec } = await import("@contract/core");
  const { validatorsGenerator } = await import("@contract/codegen");
  const ir = buildIR((await loadSpec(SPEC)).document);
  const files = await validatorsGenerator.generate({ ir, generatorVersion: "bench" }, {});
  const folder = join(repoRoot, "test", ".out", "bench-webhooks");
  await mkdir(folder, { recursive: true });
  for (const file of files) await writeFile(join(folder, file.path), file.contents);
  return join(folder, "validators.js");
}
