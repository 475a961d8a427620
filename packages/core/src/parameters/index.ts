/**
 * Reading parameters off the wire by `style`/`explode` and typing the text by the schema: shared by
 * the mock (requests it receives) and verify (response headers it checks), so both read alike.
 */
export { coerce, type Shape, shapeOf } from "./coerce.js";
export { declaredHeaders } from "./declared-headers.js";
export { isIgnoredHeaderParameter, isIgnoredResponseHeader } from "./ignored-headers.js";
export { type RawRequestParts, readParameter } from "./read-parameter.js";
