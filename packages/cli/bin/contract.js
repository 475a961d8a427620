#!/usr/bin/env node
// Thin launcher kept in git so package managers can link the bin before the first build.
import module from "node:module";

// Node 22.1+ keeps the code it compiles for our modules and dependencies (TypeScript's 9 MB script
// among them) in a cache on disk, so later runs skip compiling them: as `tsc` itself does. A no-op
// on Node 20, and when NODE_DISABLE_COMPILE_CACHE is set.
module.enableCompileCache?.();
await import("../dist/bin.js");
