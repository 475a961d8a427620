/**
 * The generators that may run on a worker thread, each loaded by its own module so that the worker
 * imports only what it runs (not TypeScript and openapi-typescript, which the types and client
 * generators pull in). A generator belongs here when it needs nothing from its context but the IR
 * and the generator version: it neither reads the user's files nor holds state shared with the
 * other generators. Warnings it reports are carried back to the main thread.
 */
import type { GeneratorDefinition } from "../generators/define.js";

export const WORKER_GENERATORS: Readonly<Record<string, () => Promise<GeneratorDefinition<string, any>>>> = {
  // The heaviest generator on large specs (ajv's compilation, then minification).
  validators: async () => (await import("../generators/validators/index.js")).validatorsGenerator,
};
