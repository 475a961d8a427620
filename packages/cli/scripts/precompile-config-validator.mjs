// Build step (after tsc): writes the contract.config validator as an ajv standalone module next to
// the compiled config-validator.js, so the CLI loads it instead of compiling the schema at every
// start. Run by every build, so it is never older than the generator registry it is built from.
import { writeFileSync } from "node:fs";
import standaloneModule from "ajv/dist/standalone/index.js";
import { configSchema } from "../dist/config-schema.js";
import { configAjv, PRECOMPILED_CONFIG_VALIDATOR } from "../dist/config-validator.js";

const ajv = configAjv({ standalone: true });
const target = new URL(`../dist/${PRECOMPILED_CONFIG_VALIDATOR}`, import.meta.url);
writeFileSync(target, standaloneModule.default(ajv, ajv.compile(configSchema())));
