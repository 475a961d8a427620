import { readFileSync } from "node:fs";

/** Version of @contract/codegen, read from its package.json (one level above both src/ and dist/). */
export const CODEGEN_VERSION: string = (
  JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }
).version;
