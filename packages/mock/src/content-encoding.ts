/**
 * Whether text is valid in a schema's `contentEncoding`: the encodings OpenAPI 3.1 names (RFC 4648's
 * base64, base64url, base32, base32hex and base16, and RFC 2045's quoted-printable). The identity
 * transfer encodings (7bit, 8bit, binary) hold any text; other names are not checked.
 */

/** `undefined` when `text` is valid in `encoding` (or `encoding` is not one checked here), else why not. */
export function contentEncodingProblem(
  text: string,
  encoding: string,
  /** MIME bodies (multipart parts) may wrap encoded lines; form fields may not. */
  options: { lineBreaks: boolean },
): string | undefined {
  const name = encoding.toLowerCase();
  if (name === "quoted-printable") return quotedPrintableProblem(text);
  const alphabet = ALPHABETS[name];
  if (!alphabet) return undefined;
  const compact = options.lineBreaks ? text.replace(/\r?\n/g, "") : text;
  const unpadded = compact.replace(/=+$/, "");
  const stray = [...unpadded].find((char) => !alphabet.characters.test(char));
  if (stray !== undefined)
    return `${JSON.stringify(stray)} is not in the ${name} alphabet${stray === " " && !options.lineBreaks ? FORM_PLUS : ""}`;
  const padded = unpadded.length !== compact.length;
  if (padded && compact.length % alphabet.quantum !== 0)
    return `its padding does not complete a ${alphabet.quantum}-character group`;
  if (!alphabet.lengths.includes(unpadded.length % alphabet.quantum))
    return `${unpadded.length} characters cannot be a whole number of bytes`;
  return undefined;
}

/** Url-encoded forms read `+` as a space: base64 sent without escaping it (`%2B`) breaks there. */
const FORM_PLUS = " (a + sent unescaped in a form reads as a space)";

interface Alphabet {
  characters: RegExp;
  /** Characters per group of whole bytes. */
  quantum: number;
  /** Lengths of a last, unpadded group that still encode whole bytes. */
  lengths: number[];
}

const BASE32_LENGTHS = [0, 2, 4, 5, 7];
const ALPHABETS: Record<string, Alphabet> = {
  base64: { characters: /[A-Za-z0-9+/]/, quantum: 4, lengths: [0, 2, 3] },
  base64url: { characters: /[A-Za-z0-9_-]/, quantum: 4, lengths: [0, 2, 3] },
  base32: { characters: /[A-Z2-7]/, quantum: 8, lengths: BASE32_LENGTHS },
  base32hex: { characters: /[0-9A-V]/, quantum: 8, lengths: BASE32_LENGTHS },
  // RFC 4648 writes base16 in upper case; decoders commonly read either case.
  base16: { characters: /[0-9A-Fa-f]/, quantum: 2, lengths: [0] },
};

/** RFC 2045 §6.7: `=` starts a hex escape (`=3D`) or a soft line break, nothing else. */
function quotedPrintableProblem(text: string): string | undefined {
  const bad = /=(?![0-9A-Fa-f]{2}|\r?\n)/.exec(text);
  return bad ? `"=" at ${bad.index} is neither an escape like =3D nor a soft line break` : undefined;
}
