/**
 * Runtime size, minified + gzipped with esbuild, of what an application ships: the client runtime
 * (createClientCore, as generated clients import it) vs openapi-fetch's createClient; plus the whole
 * generated petstore client for scale. Run: node test/bench/client/size.mjs (after `pnpm build`).
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { generateClient, PETSTORE, workDir } from "./setup.mjs";

const dir = await workDir("client-size");
await generateClient(PETSTORE, dir);
const entries = {
  "@contract/runtime/client (createClientCore)":
    'export { createClientCore } from "@contract/runtime/client";',
  "@contract/runtime/client (+ ApiError, TimeoutError)":
    'export { createClientCore, ApiError, TimeoutError } from "@contract/runtime/client";',
  "openapi-fetch (createClient)": 'export { default } from "openapi-fetch";',
  "generated petstore client.ts + runtime": 'export { createClient } from "./client.ts";',
};

console.log("| bundle | min | min+gzip |");
console.log("|---|---:|---:|");
let i = 0;
for (const [label, source] of Object.entries(entries)) {
  const entry = join(dir, `entry-${i++}.ts`);
  await writeFile(entry, source);
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    write: false,
    logLevel: "silent",
  });
  const code = result.outputFiles[0].contents;
  const kb = (n) => `${(n / 1024).toFixed(2)} kB`;
  console.log(`| ${label} | ${kb(code.length)} | ${kb(gzipSync(code, { level: 9 }).length)} |`);
}
