/**
 * String length in Unicode code points, as JSON Schema counts it for `minLength`/`maxLength`
 * (a surrogate pair is one character, not two UTF-16 units).
 */
export function ucs2length(text: string): number {
  const units = text.length;
  let length = 0;
  let position = 0;
  while (position < units) {
    length++;
    const unit = text.charCodeAt(position++);
    if (unit >= 0xd800 && unit <= 0xdbff && position < units) {
      // High surrogate followed by a low one: the pair is one code point.
      if ((text.charCodeAt(position) & 0xfc00) === 0xdc00) position++;
    }
  }
  return length;
}
