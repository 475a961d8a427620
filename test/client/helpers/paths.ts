import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
export const fixturesDir = fileURLToPath(new URL("../fixtures/", import.meta.url));
/** Generated clients live under test/client/.tmp (git-ignored) so that they resolve @contract/runtime. */
export const tmpRoot = fileURLToPath(new URL("../.tmp/", import.meta.url));
