// Writes schema/config.schema.json from the built config schema (run `pnpm build` first).
// The schema's `generators` part comes from the generator registry: re-run after registering one.
import { writeFileSync } from "node:fs";
import { configSchema } from "../dist/config-schema.js";

const target = new URL("../schema/config.schema.json", import.meta.url);
writeFileSync(target, `${JSON.stringify(configSchema(), null, 2)}\n`);
console.log(`wrote ${target.pathname}`);
