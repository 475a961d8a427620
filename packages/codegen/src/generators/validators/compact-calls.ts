/**
 * Shortens ajv's calls between compiled definitions. A large API has ten thousand or more of them,
 * each written as
 *   if(!(validate7(data.sender, {instancePath:instancePath+"/sender",parentData:data,
 *     parentDataProperty:"sender",rootData,dynamicAnchors}))){vErrors = vErrors === null ?
 *     validate7.errors : vErrors.concat(validate7.errors);errors = vErrors.length;}
 * `parentData`, `parentDataProperty` and `rootData` only serve `$data` references and
 * `dynamicAnchors` only `$dynamicRef`; when the code uses neither, the call passes just the
 * instance path, and merging errors goes through the runtime's `concatErrors`.
 *
 * String literals are swapped for numbered placeholders while rewriting, so text inside a string
 * (which comes from the spec) is never matched or changed.
 */
import { RUNTIME_NAMES } from "./ajv.js";
import { skipString } from "./prune-literals.js";

function withoutStrings(code: string): { masked: string; strings: string[] } {
  const strings: string[] = [];
  let masked = "";
  let last = 0;
  let i = 0;
  while (i < code.length) {
    if (code[i] === '"') {
      const end = skipString(code, i);
      masked += `${code.slice(last, i)}"${strings.length}"`;
      strings.push(code.slice(i, end));
      last = i = end;
    } else i++;
  }
  return { masked: masked + code.slice(last), strings };
}

function restoreStrings(masked: string, strings: string[]): string {
  return masked.replace(/"(\d+)"/g, (_, index: string) => strings[Number(index)] as string);
}

const CALL_OPTIONS =
  /, \{instancePath(:[^,{}()]+)?,parentData(?::[^,{}()]+)?,parentDataProperty(?::[^,{}()]+)?,rootData,dynamicAnchors\}\)/g;
const CONCAT = /vErrors = vErrors === null \? (validate\d+)\.errors : vErrors\.concat\(\1\.errors\);/g;

/** Whether the code relies on what the short call form drops. */
function needsFullCalls(masked: string): boolean {
  return /dynamicAnchors[.[]/.test(masked) || /rootData[^,}=]/.test(masked.replace(/rootData=data/g, ""));
}

export function compactCalls(code: string): string {
  const { masked, strings } = withoutStrings(code);
  if (needsFullCalls(masked)) return code;
  const rewritten = masked
    .replace(CALL_OPTIONS, (_, path: string | undefined) =>
      path ? `,{instancePath${path}})` : ",{instancePath})",
    )
    .replace(CONCAT, (_, fn: string) => `vErrors = ${RUNTIME_NAMES.concatErrors}(vErrors,${fn}.errors);`);
  return restoreStrings(rewritten, strings);
}
