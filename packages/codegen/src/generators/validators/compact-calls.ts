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
  // Equal strings get the same placeholder, so that patterns can match repeated names.
  const indexOf = new Map<string, number>();
  // Pieces joined once: appending to one string would build a rope of 100,000+ parts that every
  // regular expression below then has to flatten.
  const pieces: string[] = [];
  let last = 0;
  for (let quote = code.indexOf('"'); quote >= 0; quote = code.indexOf('"', last)) {
    const end = skipString(code, quote);
    const text = code.slice(quote, end);
    let index = indexOf.get(text);
    if (index === undefined) {
      index = strings.length;
      strings.push(text);
      indexOf.set(text, index);
    }
    pieces.push(code.slice(last, quote), `"${index}"`);
    last = end;
  }
  pieces.push(code.slice(last));
  return { masked: pieces.join(""), strings };
}

/** Puts the strings back: in masked code every `"` delimits a placeholder, so split by `"` alternates code and placeholder. */
function restoreStrings(masked: string, strings: string[]): string {
  const parts = masked.split('"');
  for (let i = 1; i < parts.length; i += 2) parts[i] = strings[Number(parts[i])] as string;
  return parts.join("");
}

const CALL_OPTIONS =
  /, \{instancePath(:[^,{}()]+)?,parentData(?::[^,{}()]+)?,parentDataProperty(?::[^,{}()]+)?,rootData(?:,dynamicAnchors)?\}\)/g;
/**
 * A property checked by another definition, as ajv writes it (after the rewrites above):
 *   if(data.p !== undefined){let data3 = data.p;const _errs4 = errors;if(!(validate9(data3,{instancePath:…}))){
 *   vErrors = …;errors = vErrors.length;}else {}var valid0 = _errs4 === errors;}else {var valid0 = true;}
 * A failing function always reports at least one error, so `valid0` is whether the call passed:
 *   var valid0 = data.p === undefined || validate9(data.p,{…}) || (vErrors = …, errors = …, false);
 * This is the most frequent construct of a large API (12,000 sites in GitHub's webhooks).
 */
const PROPERTY_CALL =
  /if\((data\d*)((?:\.[A-Za-z_$][\w$]*|\["\d+"\])) !== undefined\)\{let (data\d+) = \1\2;const (_errs\d+) = errors;if\(!\((validate\d+)\(\3,(\{instancePath(?::[^{}]*)?\})\)\)\)\{vErrors = __concatErrors\(vErrors,\5\.errors\);errors = vErrors\.length;\}else \{\}var (valid\d+) = \4 === errors;\}else \{var \7 = true;\}/g;

const CONCAT = /vErrors = vErrors === null \? (validate\d+)\.errors : vErrors\.concat\(\1\.errors\);/g;

/** Whether the code relies on what the short call form drops. */
function needsFullCalls(masked: string): boolean {
  // `rootData=data` (the parameter's default) is no use of it: `=` is among the excluded characters.
  return /dynamicAnchors[.[]/.test(masked) || /rootData[^,}=]/.test(masked);
}

export function compactCalls(code: string): string {
  const { masked, strings } = withoutStrings(code);
  if (needsFullCalls(masked)) return code;
  const rewritten = masked
    .replace(CALL_OPTIONS, (_, path: string | undefined) =>
      path ? `,{instancePath${path}})` : ",{instancePath})",
    )
    .replace(CONCAT, (_, fn: string) => `vErrors = ${RUNTIME_NAMES.concatErrors}(vErrors,${fn}.errors);`)
    .replace(
      PROPERTY_CALL,
      (_, data: string, access: string, _local, _errs, fn: string, options: string, valid: string) =>
        `var ${valid} = ${data}${access} === undefined || ${fn}(${data}${access},${options}) || ` +
        `(vErrors = ${RUNTIME_NAMES.concatErrors}(vErrors,${fn}.errors), errors = vErrors.length, false);`,
    );
  return restoreStrings(rewritten, strings);
}
