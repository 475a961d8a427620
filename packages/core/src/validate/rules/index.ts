/** The rule registry: every semantic rule `contract check` runs, in reporting order. */
import { componentUnused } from "./component-unused.js";
import { discriminatorMappingTarget } from "./discriminator-mapping-target.js";
import { discriminatorPropertyRequired } from "./discriminator-property-required.js";
import { duplicateOperationId } from "./duplicate-operation-id.js";
import { duplicateParameter } from "./duplicate-parameter.js";
import { mediaTypeInvalid } from "./media-type-invalid.js";
import { operationSuccessResponse } from "./operation-success-response.js";
import { paginationExtension } from "./pagination-extension.js";
import { pathKeyQuery } from "./path-key-query.js";
import { pathParamUndeclared } from "./path-param-undeclared.js";
import { pathParamUnused } from "./path-param-unused.js";
import { pathTemplateAmbiguous } from "./path-template-ambiguous.js";
import { refUnresolved } from "./ref-unresolved.js";
import { requestBodyMethod } from "./request-body-method.js";
import type { Rule } from "./rule.js";
import { securitySchemeUndefined } from "./security-scheme-undefined.js";
import { serverVariableDefault } from "./server-variable-default.js";
import { serverVariableUndeclared } from "./server-variable-undeclared.js";
import { WEBHOOK_LINK_RULES } from "./webhook-links.js";
import { webhookSignatureExtension } from "./webhook-signature-extension.js";
import { webhookWithoutOperation } from "./webhook-without-operation.js";

export type { Rule, RuleContext, RuleFinding } from "./rule.js";

export const SEMANTIC_RULES: readonly Rule[] = [
  refUnresolved,
  duplicateOperationId,
  pathTemplateAmbiguous,
  pathParamUndeclared,
  pathParamUnused,
  pathKeyQuery,
  duplicateParameter,
  securitySchemeUndefined,
  operationSuccessResponse,
  webhookWithoutOperation,
  webhookSignatureExtension,
  ...WEBHOOK_LINK_RULES,
  paginationExtension,
  requestBodyMethod,
  mediaTypeInvalid,
  discriminatorPropertyRequired,
  discriminatorMappingTarget,
  serverVariableDefault,
  serverVariableUndeclared,
  componentUnused,
];
