/**
 * The text of `validators.js` and `validators.d.ts`. Every string that comes from the spec is
 * written with JSON.stringify (keys, names, media types): nothing in a spec can end a literal.
 */
import { RUNTIME_NAMES } from "./ajv.js";
import type { ValidatorRoot } from "./roots.js";

export interface EmitInput {
  header: string;
  runtimeModule: string;
  typesModule: string;
  /** The `function build(__formats) {...}` declaration (standalone.ts, maybe minified). */
  build: string;
  roots: ValidatorRoot[];
  /** The export of `build` that validates each root, in the order of `roots`. */
  exportNames: string[];
}

const literal = (text: string): string => JSON.stringify(text);

export function emitValidatorsJs(input: EmitInput): string {
  const entries = input.roots
    .map(
      (root, i) =>
        `  [${literal(root.key)}, ${literal(root.validatorName)}, ${literal(input.exportNames[i] as string)}],`,
    )
    .join("\n");
  return `${input.header}import {
  concatErrors as ${RUNTIME_NAMES.concatErrors},
  createValidatorSets,
  equal as ${RUNTIME_NAMES.equal},
  fail as ${RUNTIME_NAMES.fail},
  patternRegExp as ${RUNTIME_NAMES.patternRegExp},
  ucs2length as ${RUNTIME_NAMES.ucs2length},
} from ${literal(input.runtimeModule)};

// Precompiled ajv (JSON Schema 2020-12) code. It runs once per format table, on first use.
${input.build}

/** [lookup key, name in error messages, function of build()] */
const entries = [
${entries}
];

const sets = createValidatorSets(entries, build);

/** Every validator by key, format checks on. */
export const validators = sets.withFormats.validators;
/** Lookup by key (\`schema:Pet\`, \`webhook:orderPaid:application/json\`...), format checks on. */
export const validatorFor = sets.withFormats.validatorFor;
/** The same validators with format checks off (\`format\` is then only an annotation). */
export const validatorsWithoutFormats = sets.withoutFormats.validators;
export const validatorForWithoutFormats = sets.withoutFormats.validatorFor;
`;
}

export function emitValidatorsDts(input: Omit<EmitInput, "build" | "exportNames">): string {
  const used = ["components", "paths", "webhooks"].filter((name) =>
    input.roots.some((root) => root.type.includes(`${name}[`)),
  );
  const typeImport =
    used.length > 0 ? `import type { ${used.join(", ")} } from ${literal(input.typesModule)};\n` : "";
  const members = input.roots.map((root) => `  ${literal(root.key)}: Validator<${root.type}>;`).join("\n");
  return `${input.header}import type { Validator, ValidatorLookup } from ${literal(input.runtimeModule)};
${typeImport}
/** Header names as HTTP delivers them to a receiver: lower case. */
type LowercaseKeys<T> = { [K in keyof T as K extends string ? Lowercase<K> : K]: T[K] };

/** Every validator of this contract, by lookup key. */
export interface Validators {
${members}
}

/** Lookup by key: typed for the keys of this contract, \`Validator | undefined\` for any other string. */
export type ContractValidatorLookup = (<K extends keyof Validators>(key: K) => Validators[K]) & ValidatorLookup;

export declare const validators: Readonly<Validators>;
export declare const validatorFor: ContractValidatorLookup;
export declare const validatorsWithoutFormats: Readonly<Validators>;
export declare const validatorForWithoutFormats: ContractValidatorLookup;
`;
}
