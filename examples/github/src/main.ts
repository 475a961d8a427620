/**
 * `pnpm --filter example-github start`: the generated GitHub receiver on 127.0.0.1, then a few of
 * GitHub's real example deliveries sent to it by `contract trigger --payload … --signature github`.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { processIO, runCli } from "@contract/cli";
import { exampleDeliveries } from "./examples.js";
import { startGithubReceiver } from "./receiver.js";

const secret = process.env.GITHUB_WEBHOOK_SECRET ?? "It's a Secret to Everybody";
const receiver = await startGithubReceiver({ secret, port: Number(process.env.PORT ?? 4030) });
console.log(`GitHub webhook receiver on ${receiver.url}`);

const wanted = ["push", "issues-opened", "pull-request-opened", "release-published", "star-created", "ping"];
const folder = await mkdtemp(join(tmpdir(), "github-example-"));
let failures = 0;
for (const name of wanted) {
  const delivery = exampleDeliveries().find((d) => d.webhook === name);
  if (!delivery) continue;
  const file = join(folder, `${name}.json`);
  await writeFile(file, JSON.stringify(delivery.payload));
  // GitHub's spec gives every webhook the same `X-GitHub-Event` example; the real event comes with the payload.
  const args = [
    "trigger",
    name,
    "--url",
    receiver.url,
    "--secret",
    secret,
    "--payload",
    file,
    "--config",
    "contract.config.json",
    "--header",
    `X-GitHub-Event: ${delivery.event}`,
  ];
  const code = await runCli(args, { ...processIO(), stdout: () => {} });
  if (code !== 0) failures++;
  const got = receiver.received.at(-1);
  console.log(
    `${name}: ${code === 0 ? "handled" : `exit ${code}`}${got?.webhook === name ? ` — ${got.summary}${got.valid ? "" : " (payload drifts from the spec)"}` : ""}`,
  );
}
for (const report of receiver.driftReports) console.log(`drift: ${report}`);
await receiver.close();
process.exitCode = failures === 0 ? 0 : 1;
