// Declarations for what TypeScript code (the tests of test/repo) imports from paths.mjs.

/** Absolute path of a package's bin script, resolved from the bench package. */
export declare function binOf(pkg: string, name?: string): string;
