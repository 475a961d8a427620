/**
 * `@contract/core/check`: what checking a spec needs (load, validate, diagnostics), without the
 * rest of the package. The main entry also loads the diff engine, the synthesizer (with ajv and its
 * formats) and the link suggestions (with the YAML printer): a third of a `contract check`'s
 * startup that a check never uses. Same modules as the main entry, so values and classes
 * (`ContractError`) are the same objects through either.
 */
export * from "./diagnostics.js";
export * from "./load/index.js";
export * from "./validate/index.js";
