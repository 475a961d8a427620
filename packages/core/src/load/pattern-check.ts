/**
 * How a `pattern` (or `patternProperties` key) reads in generated validators, which compile it as
 * `patternRegExp` of @contract/runtime does: with the `u` flag, or without it when it does not
 * compile with the flag.
 *
 * Public API descriptions often hold patterns that are valid only without `u`: identity escapes
 * of punctuation (`[\-\_]`, `\=`), a class escape as a range end (`[\w-.]`), octal escapes, a lone
 * `}`. Without the flag those mean exactly what their authors wrote, so they are warnings. Two
 * kinds mean something else without the flag and stay errors: a backslash before a letter that is
 * no JavaScript escape (`\p{XDigit}`, `\A`: a plain letter without `u`) and a repeat count
 * JavaScript does not know (`{1-70}`, `{,5}`: literal text without `u`).
 */
export interface PatternProblem {
  /** What is wrong, in a sentence fragment after "`pattern` ". */
  message: string;
  /** Invalid with the `u` flag only, and means the same without it: a warning, validators work. */
  sameWithoutUnicode: boolean;
}

const cache = new Map<string, PatternProblem | undefined>();

/** What is wrong with `pattern` as a JavaScript regular expression, or undefined when nothing is. */
export function patternProblem(pattern: string): PatternProblem | undefined {
  if (cache.has(pattern)) return cache.get(pattern);
  const problem = judge(pattern);
  if (cache.size > 10_000) cache.clear();
  cache.set(pattern, problem);
  return problem;
}

function judge(pattern: string): PatternProblem | undefined {
  const unicodeProblem = compileProblem(pattern, "u");
  if (unicodeProblem === undefined) return undefined;
  const plainProblem = compileProblem(pattern, "");
  if (plainProblem !== undefined)
    return {
      message: `is not a valid regular expression (JavaScript): ${plainProblem}`,
      sameWithoutUnicode: false,
    };
  const changed = meaningChangedWithoutUnicode(pattern);
  if (changed !== undefined)
    return {
      message: `is not a valid regular expression (JavaScript, \`u\` flag): ${unicodeProblem}; without the flag ${changed}`,
      sameWithoutUnicode: false,
    };
  return {
    message: `is valid only without the \`u\` flag (${unicodeProblem}); validators compile it without the flag, where it means the same`,
    sameWithoutUnicode: true,
  };
}

function compileProblem(pattern: string, flags: string): string | undefined {
  try {
    new RegExp(pattern, flags);
    return undefined;
  } catch (error) {
    return (error as Error).message.replace(/^Invalid regular expression: /, "");
  }
}

/** Letters that start an escape with a meaning in a JavaScript regular expression without `u`. */
const ESCAPE_LETTERS = new Set("dDwWsSbBnrtfv");
const QUANTIFIER = /^\{\d+(?:,\d*)?\}/;

/**
 * Why `pattern`, read without the `u` flag, means something other than its author wrote; undefined
 * when it reads as written. Only called on patterns that compile without the flag.
 */
function meaningChangedWithoutUnicode(pattern: string): string | undefined {
  // `\k<name>` is a backreference only in a pattern with named groups (`(?<name>`, not `(?<=`).
  const namedGroups = /\(\?<(?![=!])/.test(pattern);
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === "\\") {
      const next = pattern[i + 1] ?? "";
      const rest = pattern.slice(i + 2);
      if (/[A-Za-z]/.test(next) && !escapeKeepsMeaning(next, rest, namedGroups))
        return `\`\\${next}\` is a plain \`${next}\`, not the escape it is in other regular expression dialects${javaHint(next, rest)}`;
      i++;
    } else if (inClass) {
      if (char === "]") inClass = false;
    } else if (char === "[") {
      inClass = true;
    } else if (char === "{" && /^\{\s*[\d,]/.test(pattern.slice(i)) && !QUANTIFIER.test(pattern.slice(i))) {
      const text = pattern.slice(i).match(/^\{[^}]*\}?/)?.[0] ?? "{";
      return `\`${text}\` is literal text, not a repeat count`;
    }
  }
  return undefined;
}

/**
 * Java's POSIX classes and input anchors, common in descriptions generated from Java or Smithy
 * models, written the JavaScript way (US-ASCII, as Java reads them without UNICODE_CHARACTER_CLASS).
 * `\p{Lower}`, `\p{Upper}`, `\p{Alpha}` and `\p{ASCII}` are not here: JavaScript knows them (as
 * Unicode properties), so such a pattern compiles and is no error.
 */
const JAVA_CLASSES: Readonly<Record<string, string>> = {
  Digit: "0-9",
  Alnum: "A-Za-z0-9",
  Punct: "!-\\/:-@\\[-`{-~",
  Graph: "!-~",
  Print: " -~",
  Blank: " \\t",
  Cntrl: "\\x00-\\x1F\\x7F",
  XDigit: "0-9A-Fa-f",
  Space: " \\t\\n\\x0B\\f\\r",
};
const JAVA_ANCHORS: Readonly<Record<string, string>> = { A: "^", z: "$", Z: "$" };

/** ` (JavaScript: ...)` for a Java escape JavaScript writes otherwise, "" for any other. */
function javaHint(letter: string, rest: string): string {
  const anchor = JAVA_ANCHORS[letter];
  if (anchor !== undefined) return ` (Java's \`\\${letter}\` is \`${anchor}\` in JavaScript)`;
  const name = letter === "p" ? /^\{(\w+)\}/.exec(rest)?.[1] : undefined;
  const range = name !== undefined && Object.hasOwn(JAVA_CLASSES, name) ? JAVA_CLASSES[name] : undefined;
  return range === undefined ? "" : ` (Java's \`\\p{${name}}\` is \`[${range}]\` in JavaScript)`;
}

function escapeKeepsMeaning(letter: string, rest: string, namedGroups: boolean): boolean {
  if (ESCAPE_LETTERS.has(letter)) return true;
  if (letter === "c") return /^[A-Za-z]/.test(rest);
  if (letter === "x") return /^[0-9A-Fa-f]{2}/.test(rest);
  if (letter === "u") return /^[0-9A-Fa-f]{4}/.test(rest);
  if (letter === "k") return namedGroups && rest.startsWith("<");
  return false;
}
