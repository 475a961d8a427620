/**
 * CPU cost per delivery of the third-party stages a synchronous receiver cannot avoid, measured
 * in this process on the same deliveries the servers get: HMAC-SHA256 over the body (node:crypto,
 * what the Node adapter installs), UTF-8 decoding + JSON.parse, and schema validation with the
 * generated validators (`validate`, which collects issues, as the `report` drift policy runs it) on
 * freshly parsed payloads.
 * The webhooks-github benchmark subtracts these and the bare node:http server's cost from the
 * receiver's own CPU per delivery; what remains is the receiver's own code.
 */
import { createHmac, createSecretKey } from "node:crypto";

const ROUNDS = 40;

/**
 * Microseconds of this process's CPU (user + system) per call of `work` on each item, after as many
 * warm-up rounds: the servers run each of the 261 validators hundreds of times per benchmark, so a
 * single warm-up round would time them before V8 optimises them and overstate validation.
 */
function cpuMicrosPerItem(items, work) {
  for (let round = 0; round < ROUNDS; round++) for (const item of items) work(item);
  const before = process.cpuUsage();
  for (let round = 0; round < ROUNDS; round++) for (const item of items) work(item);
  const { user, system } = process.cpuUsage(before);
  return (user + system) / (ROUNDS * items.length);
}

/**
 * `deliveries`: `{ body: string, webhook: string }`; `validatorFor(key)` from validators.js.
 * Resolves to µs per delivery for `hmac`, `parse` and `validate`.
 */
export function stageCosts(deliveries, secret, validatorFor) {
  const key = createSecretKey(Buffer.from(secret));
  const prepared = deliveries.map((d) => {
    const bytes = Buffer.from(d.body);
    const payload = JSON.parse(d.body);
    const validator = validatorFor(`webhook:${d.webhook}:application/json`);
    if (!validator) throw new Error(`no validator for ${d.webhook}`);
    return { bytes, payload, validator };
  });
  const decoder = new TextDecoder();
  let sink = 0;
  const costs = {
    hmac: cpuMicrosPerItem(prepared, (d) => {
      sink += createHmac("sha256", key).update(d.bytes).digest()[0];
    }),
    parse: cpuMicrosPerItem(prepared, (d) => {
      sink += JSON.parse(decoder.decode(d.bytes)) === null ? 1 : 0;
    }),
    // Validating the same parsed object again and again finds it in the CPU caches, which a
    // delivery's freshly parsed payload never is: validation is timed on fresh payloads, as the
    // cost of parsing and validating minus that of parsing.
    parseAndValidate: cpuMicrosPerItem(prepared, (d) => {
      sink += d.validator.validate(JSON.parse(decoder.decode(d.bytes))).ok ? 1 : 0;
    }),
  };
  costs.validate = costs.parseAndValidate - costs.parse;
  // Keeps the results observable so no stage can be optimised away.
  if (sink < 0) console.error(sink);
  return costs;
}
