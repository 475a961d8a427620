/** What @contract/codegen exports of the validators generator. */
export { createValidatorAjv } from "./ajv.js";
export {
  type RenderedValidators,
  renderValidators,
  renderValidatorsAsync,
  VALIDATORS_DTS_FILE,
  VALIDATORS_FILE,
  type ValidatorsOptions,
  validatorsGenerator,
} from "./index.js";
export { compileJsonSchema, type JsonSchemaModule, renderJsonSchemaModule } from "./json-schema-module.js";
export { collectValidatorRoots, type ValidatorRoot } from "./roots.js";
export { type SchemaRoot, type SharedSchemas, shareSchemas } from "./share.js";
