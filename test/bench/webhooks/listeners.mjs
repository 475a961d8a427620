/**
 * The GitHub receivers the webhook benchmarks compare, shared by the HTTP servers (`servers.mjs`)
 * and the in-process runs (`inprocess.mjs`) so that both measure the same code.
 */
import { GITHUB_SECRET } from "@contract/test-fixtures";
import { createGithubReceiver } from "../lib/github-receiver.mjs";
import { loadRuntime } from "../lib/servers.mjs";

/**
 * The runtime receiver (GitHub signature and routing, the generated validators) as a node:http
 * listener; `runtimeDir` runs another build of @contract/runtime (e.g. an older commit's).
 */
export async function receiverListener({
  runtimeDir,
  validatorFor,
  validatorForWithoutFormats,
  webhooks,
  validating,
}) {
  const { createReceiver } = await loadRuntime("webhooks", runtimeDir);
  const { toNodeListener } = await loadRuntime("node", runtimeDir);
  let handled = 0;
  const handlers = Object.fromEntries(webhooks.map((w) => [w.name, () => void handled++]));
  const receiver = createGithubReceiver(
    createReceiver,
    { webhooks, validatorFor, validatorForWithoutFormats },
    { handlers, drift: validating ? "report" : "off" },
  );
  return toNodeListener(receiver);
}

/** The stages in the order a verifying receiver runs them; a stages listener stops after one. */
export const STAGES = ["read", "hmac", "parse", "validate"];

/**
 * The stages a receiver cannot avoid and nothing else, written directly: reading the body,
 * HMAC-SHA256 of it compared in constant time, UTF-8 decoding + JSON.parse, and validation with the
 * generated validator (looked up once per event and action). What the receiver's own code is
 * measured against. `through` stops after a stage (default: `validate` when `validating`, else
 * `parse`), so that each stage's cost is the difference between two such listeners.
 * `counts.validPayloads` counts the valid payloads, which keeps the validation results observable.
 */
export async function stagesListener({
  validatorFor,
  names,
  validating,
  counts,
  through = validating ? "validate" : "parse",
}) {
  const last = STAGES.indexOf(through);
  if (last < 0) throw new Error(`unknown stage ${through}`);
  const [hashing, parsing, checking] = [last >= 1, last >= 2, last >= 3];
  const { createHmac, createSecretKey, timingSafeEqual } = await import("node:crypto");
  const key = createSecretKey(Buffer.from(GITHUB_SECRET));
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const validators = new Map();
  const validatorOf = (event, action) => {
    const id = `${event}:${action}`;
    let validator = validators.get(id);
    if (validator === undefined) {
      const base = event.replace(/_/g, "-");
      const exact = typeof action === "string" ? `${base}-${action.replace(/_/g, "-")}` : base;
      const name = names.has(exact) ? exact : [...names].find((n) => n.startsWith(`${base}-`));
      validator = validatorFor(`webhook:${name}:application/json`);
      validators.set(id, validator);
    }
    return validator;
  };
  return (req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      // A body that came in one chunk is used as it is, as the receiver's adapter does.
      const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
      if (hashing) {
        const mac = createHmac("sha256", key).update(body).digest();
        const signature = Buffer.from(req.headers["x-hub-signature-256"].slice(7), "hex");
        if (signature.length !== mac.length || !timingSafeEqual(mac, signature)) {
          res.writeHead(401).end();
          return;
        }
      }
      if (parsing) {
        const payload = JSON.parse(decoder.decode(body));
        if (checking && validatorOf(req.headers["x-github-event"], payload.action).validate(payload).ok)
          counts.validPayloads++;
      }
      res.writeHead(200, { "content-type": "application/json", "content-length": 2 });
      res.end("{}");
    });
  };
}
