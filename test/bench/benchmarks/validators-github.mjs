/**
 * Validations per second on the 329 real GitHub webhook payloads, each against its webhook's
 * payload schema: contract's generated validators.js vs the zod schemas @hey-api/openapi-ts 0.95
 * generates for the same description (baseline), and ajv compiling the description in-process.
 * Every run validates all payloads LOOPS times; validations/s = 329 × LOOPS / median.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { generatedValidators, loadGithub, zodSchemas } from "../validators/setup.mjs";

const LOOPS = 20;

/**
 * hey-api's schemas for some payloads make zod throw ("Unmergable intersection", from `allOf`
 * members that disagree on a property) instead of returning a result: counted as invalid.
 */
function zodValid(schema, payload) {
  try {
    return schema.safeParse(payload).success;
  } catch {
    return false;
  }
}

function loop(deliveries, check) {
  let valid = 0;
  for (let i = 0; i < LOOPS; i++) for (const d of deliveries) if (check(d)) valid++;
  return valid;
}

export default {
  name: "validators-github",
  title: `validate 329 GitHub payloads ×${LOOPS}`,
  runs: 7,
  async setup() {
    const { document, ir, deliveries } = await loadGithub();
    const { module } = await generatedValidators(ir);
    const ours = deliveries.map((d) => module.validatorFor(`webhook:${d.webhook}:application/json`));
    const oursNoFormats = deliveries.map((d) =>
      module.validatorForWithoutFormats(`webhook:${d.webhook}:application/json`),
    );
    const zodFor = await zodSchemas(document);
    const zod = deliveries.map((d) => zodFor(d.webhook));
    const ajv = new Ajv2020({ strict: false, logger: false });
    addFormatsModule.default(ajv);
    ajv.addSchema({ ...document, $id: "https://example.test/github.json" });
    const compiled = new Map();
    const inProcess = deliveries.map((d) => {
      if (!compiled.has(d.webhook)) {
        const pointer = `/webhooks/${d.webhook}/post/requestBody/content/application~1json/schema`;
        compiled.set(d.webhook, ajv.compile({ $ref: `https://example.test/github.json#${pointer}` }));
      }
      return compiled.get(d.webhook);
    });
    const indexed = deliveries.map((d, i) => ({ ...d, i }));
    const verdicts = {
      contract: indexed.filter((d) => ours[d.i](d.payload)).length,
      zod: indexed.filter((d) => zodValid(zod[d.i], d.payload)).length,
      ajv: indexed.filter((d) => inProcess[d.i](d.payload)).length,
    };
    console.error(`validators-github: valid payloads ${JSON.stringify(verdicts)} of ${deliveries.length}`);
    return { deliveries: indexed, ours, oursNoFormats, zod, inProcess };
  },
  cases: [
    { name: "contract validators.js", run: (s) => loop(s.deliveries, (d) => s.ours[d.i](d.payload)) },
    { name: "contract, formats off", run: (s) => loop(s.deliveries, (d) => s.oursNoFormats[d.i](d.payload)) },
    { name: "ajv in-process", run: (s) => loop(s.deliveries, (d) => s.inProcess[d.i](d.payload)) },
    {
      name: "zod (hey-api 0.95)",
      baseline: true,
      run: (s) => loop(s.deliveries, (d) => zodValid(s.zod[d.i], d.payload)),
    },
  ],
};
