/**
 * A string built from many small pieces (a printer appending token after token) is held by V8 as a
 * tree of those pieces until something reads it as a whole: for GitHub's types.ts, 37 MB of tree
 * for 14 MB of characters. Searching it makes V8 copy it into one flat string in place and drop
 * the tree, which the writer would pay for anyway when it encodes the file.
 */
export function flatString(text: string): string {
  // The result is kept: an optimizing compiler drops a search whose result nothing reads, and with
  // it the flattening (on a hot path, such as once per compiled validator, most calls did nothing).
  _lastSearch = text.indexOf("\u0000");
  return text;
}

let _lastSearch = -1;
