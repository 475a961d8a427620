/**
 * ajv's `standaloneCode(ajv, exports)` for an export map, in linear time. ajv's own version appends
 * each export to the module with `` code = _`${code}...` ``, which copies every item of the module
 * built so far: quadratic in the number of exports, and with the 2,000+ exports of a large API it
 * was the largest single cost of the validators generator (and of its garbage). This one emits the
 * same text, export by export, into a list of strings joined once at the end.
 *
 * Mirrors ajv 8.x `dist/standalone/index.js` (multiExportsCode + validateCode); the validators
 * tests compare generated modules with ajv's own functions, and the pinned ajv version keeps the
 * two in step.
 */

import type { Ajv2020 } from "ajv/dist/2020.js";
import { _, _Code, type Code, getEsmExportName, getProperty, nil } from "ajv/dist/compile/codegen/code.js";
import {
  type UsedScopeValues,
  UsedValueState,
  type ValueScopeName,
  varKinds,
} from "ajv/dist/compile/codegen/scope.js";
import type { AnyValidateFunction } from "ajv/dist/core.js";
import type { SourceCode } from "ajv/dist/types/index.js";

/** Module text exporting each validator of `exports` (export name → schema key in `ajv`). */
export function standaloneExportsCode(ajv: Ajv2020, exports: Record<string, string>): string {
  if (!ajv.opts.code.source) throw new Error("moduleCode: ajv instance must have code.source option");
  const newline = String(ajv.scope.opts._n);
  const usedValues: UsedScopeValues = {};
  const parts: string[] = ['"use strict";'];
  for (const [name, key] of Object.entries(exports)) {
    const validate: AnyValidateFunction | undefined = ajv.getSchema(key);
    if (!validate) throw new Error(`moduleCode: no schema with id ${key}`);
    const vCode = validateCode(ajv, usedValues, validate.source);
    const exportSyntax = ajv.opts.code.esm
      ? `export const ${getEsmExportName(name)}`
      : `exports${getProperty(name)}`;
    parts.push(`${newline}${exportSyntax} = ${validate.source?.validateName};${newline}${vCode}`);
  }
  return parts.join("");
}

/** One validator's code with the scope values (and other validators) it uses, each emitted once. */
function validateCode(ajv: Ajv2020, usedValues: UsedScopeValues, source: SourceCode | undefined): Code {
  if (!source) throw new Error('moduleCode: function does not have "source" property');
  const newline = ajv.scope.opts._n;
  const stateOf = (name: ValueScopeName) => usedValues[name.prefix]?.get(name);
  const setState = (name: ValueScopeName, state: UsedValueState) => {
    const names = usedValues[name.prefix] ?? new Map<ValueScopeName, UsedValueState | undefined>();
    usedValues[name.prefix] = names;
    names.set(name, state);
  };
  if (stateOf(source.validateName) === UsedValueState.Completed) return nil;
  setState(source.validateName, UsedValueState.Started);
  const referenced = (n: ValueScopeName): Code | undefined => {
    const ref: unknown = n.value?.ref;
    if (n.prefix === "validate" && typeof ref === "function") {
      return validateCode(ajv, usedValues, (ref as AnyValidateFunction).source);
    }
    if ((n.prefix === "root" || n.prefix === "wrapper") && typeof ref === "object" && ref !== null) {
      const { validate, validateName } = ref as {
        validate?: AnyValidateFunction;
        validateName?: ValueScopeName;
      };
      if (!validateName) throw new Error("ajv internal error");
      const kind = ajv.opts.code.es5 ? varKinds.var : varKinds.const;
      const wrapper = _`${kind} ${n} = {validate: ${validateName}};`;
      if (stateOf(validateName) === UsedValueState.Started) return wrapper;
      return _`${wrapper}${newline}${validateCode(ajv, usedValues, validate?.source)}`;
    }
    return undefined;
  };
  const scopeCode = ajv.scope.scopeCode(source.scopeValues, usedValues, referenced);
  const code = new _Code(`${scopeCode}${newline}${source.validateCode}`);
  return source.evaluated
    ? _`${code}${source.validateName}.evaluated = ${source.evaluated};${newline}`
    : code;
}
