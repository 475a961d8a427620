// Build step (after tsc): writes the OAS schema validators as ajv standalone modules next to the
// compiled oas-schemas.js, so `contract check` loads them instead of compiling at every start.
import { writeFileSync } from "node:fs";
import standaloneModule from "ajv/dist/standalone/index.js";
import { oasAjv, precompiledFile } from "../dist/validate/schema/oas-schemas.js";

const standaloneCode = standaloneModule.default;
for (const version of ["3.0", "3.1"]) {
  const { ajv, compile } = oasAjv(version, { standalone: true });
  const code = standaloneCode(ajv, compile());
  const target = new URL(`../dist/validate/schema/${precompiledFile(version)}`, import.meta.url);
  writeFileSync(target, code);
}
