/**
 * How a `pattern` (or `patternProperties` key) reads in generated validators, which compile it as
 * `patternRegExp` of @contract/runtime does: with the `u` flag, or without it when it does not
 * compile with the flag.
 *
 * Public API descriptions often hold patterns that are valid only without `u`: identity escapes
 * of punctuation (`[\-\_]`, `\=`), a class escape as a range end (`[\w-.]`), octal escapes, a lone
 * `}`. Without the flag those mean exactly what their authors wrote, so they are warnings
 * (`pattern-non-unicode`).
 *
 * Others are written in another dialect, mostly Java's (descriptions generated from Java or Smithy
 * models, such as AWS's): POSIX classes (`\p{XDigit}`), input anchors (`\A`, `\z`), and `{,5}` for
 * `{0,5}`. Read by JavaScript as written they mean something else (`\p` and `\A` are plain letters
 * without `u`, `{,5}` literal text), so they are translated to JavaScript's spelling, which
 * validators use (`pattern-dialect`, a warning). A pattern JavaScript cannot read at all, as written
 * or translated (`(?i)`, `\p{all}`, `{1-70}`), is not checked by validators rather than checked
 * against something its author did not write (`pattern-unsupported`, an error that does not stop
 * `gen`).
 */
export interface PatternProblem {
  /** What is wrong and what validators do about it, in a sentence fragment after "`pattern` ". */
  message: string;
  /** What is wrong, alone. */
  reason: string;
  /** The finding's rule: see above. */
  rule: PatternRule;
  /**
   * The pattern validators use: the pattern itself (`pattern-non-unicode`), its translation
   * (`pattern-dialect`), or undefined: not checked (`pattern-unsupported`).
   */
  portable: string | undefined;
}

export type PatternRule = "pattern-non-unicode" | "pattern-dialect" | "pattern-unsupported";

const cache = new Map<string, PatternProblem | undefined>();

/** What is wrong with `pattern` as a JavaScript regular expression, or undefined when nothing is. */
export function patternProblem(pattern: string): PatternProblem | undefined {
  if (cache.has(pattern)) return cache.get(pattern);
  const problem = judge(pattern);
  if (cache.size > 10_000) cache.clear();
  cache.set(pattern, problem);
  return problem;
}

/**
 * The pattern as validators check it (`patternRegExp` compiles it): `pattern` itself when
 * JavaScript reads it as written, its JavaScript translation when it is written in another dialect,
 * undefined when it cannot be checked (see above).
 */
export function portablePattern(pattern: string): string | undefined {
  const problem = patternProblem(pattern);
  return problem === undefined ? pattern : problem.portable;
}

function judge(pattern: string): PatternProblem | undefined {
  const unicodeProblem = compileProblem(pattern, "u");
  if (unicodeProblem === undefined) return undefined;
  const plainProblem = compileProblem(pattern, "");
  const changed = plainProblem === undefined ? meaningChangedWithoutUnicode(pattern) : undefined;
  if (plainProblem === undefined && changed === undefined)
    return {
      message: `is valid only without the \`u\` flag (${unicodeProblem}); validators compile it without the flag, where it means the same`,
      reason: `is valid only without the \`u\` flag (${unicodeProblem})`,
      rule: "pattern-non-unicode",
      portable: pattern,
    };
  const reason =
    plainProblem !== undefined
      ? `is not a valid regular expression (JavaScript): ${plainProblem}`
      : `is not a valid regular expression (JavaScript, \`u\` flag): ${unicodeProblem}; without the flag ${changed}`;
  const translated = translateDialect(pattern);
  if (translated !== undefined && readsAsWritten(translated))
    return {
      message: `${reason}; validators read it as \`${translated}\``,
      reason,
      rule: "pattern-dialect",
      portable: translated,
    };
  return {
    message: `${reason}; validators do not check it`,
    reason,
    rule: "pattern-unsupported",
    portable: undefined,
  };
}

/** Whether JavaScript reads `pattern` as written: with the `u` flag, or without it to the same effect. */
function readsAsWritten(pattern: string): boolean {
  if (compileProblem(pattern, "u") === undefined) return true;
  return compileProblem(pattern, "") === undefined && meaningChangedWithoutUnicode(pattern) === undefined;
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
/**
 * Java's input anchors in JavaScript (no `m` flag): `\A` the start, `\z` the end, `\Z` the end or
 * before a final line break.
 */
const JAVA_ANCHORS: Readonly<Record<string, string>> = { A: "^", z: "$", Z: "(?=\\n?$)" };

/** ` (JavaScript: ...)` for a Java escape JavaScript writes otherwise, "" for any other. */
function javaHint(letter: string, rest: string): string {
  const anchor = JAVA_ANCHORS[letter];
  if (anchor !== undefined) return ` (Java's \`\\${letter}\` is \`${anchor}\` in JavaScript)`;
  const name = letter === "p" ? /^\{(\w+)\}/.exec(rest)?.[1] : undefined;
  const range = name !== undefined && Object.hasOwn(JAVA_CLASSES, name) ? JAVA_CLASSES[name] : undefined;
  return range === undefined ? "" : ` (Java's \`\\p{${name}}\` is \`[${range}]\` in JavaScript)`;
}

/**
 * `pattern` with Java's POSIX classes (outside a class `[...]`, and inside one for `\p`), input
 * anchors and `{,n}` written as JavaScript writes them; undefined when it holds none of them, or
 * one JavaScript cannot write in its place (`\P{Digit}` inside a class).
 */
function translateDialect(pattern: string): string | undefined {
  let out = "";
  let inClass = false;
  let translated = false;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] as string;
    if (char === "\\") {
      const next = pattern[i + 1] ?? "";
      const rest = pattern.slice(i + 2);
      const name = next === "p" || next === "P" ? /^\{(\w+)\}/.exec(rest)?.[1] : undefined;
      const range = name !== undefined && Object.hasOwn(JAVA_CLASSES, name) ? JAVA_CLASSES[name] : undefined;
      const anchor = inClass ? undefined : JAVA_ANCHORS[next];
      if (range !== undefined && name !== undefined) {
        if (inClass && next === "P") return undefined;
        out += inClass ? range : `[${next === "P" ? "^" : ""}${range}]`;
        i += 2 + name.length + 1;
        translated = true;
      } else if (anchor !== undefined) {
        out += anchor;
        i++;
        translated = true;
      } else {
        out += char + next;
        i++;
      }
    } else if (inClass) {
      if (char === "]") inClass = false;
      out += char;
    } else if (char === "[") {
      inClass = true;
      out += char;
      // A `]` or `^]` first in a class is a literal in Java (not in JavaScript): leave such a class alone.
      if (pattern[i + 1] === "]" || (pattern[i + 1] === "^" && pattern[i + 2] === "]")) return undefined;
    } else if (char === "{" && /^\{,\d+\}/.test(pattern.slice(i))) {
      out += "{0";
      translated = true;
    } else out += char;
  }
  return translated ? out : undefined;
}

function escapeKeepsMeaning(letter: string, rest: string, namedGroups: boolean): boolean {
  if (ESCAPE_LETTERS.has(letter)) return true;
  if (letter === "c") return /^[A-Za-z]/.test(rest);
  if (letter === "x") return /^[0-9A-Fa-f]{2}/.test(rest);
  if (letter === "u") return /^[0-9A-Fa-f]{4}/.test(rest);
  if (letter === "k") return namedGroups && rest.startsWith("<");
  return false;
}
