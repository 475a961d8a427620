import { joinPointer } from "../../pointer.js";
import { isMediaRangeList } from "../media-range.js";
import type { Rule } from "./rule.js";

export const mediaTypeInvalid: Rule = {
  code: "media-type-invalid",
  severity: "warning",
  description:
    "`content` keys should be media types or ranges (`application/json`, `text/*`, `*/*`): clients pick serializers and `Content-Type` headers by them.",
  *check({ index }) {
    for (const site of index.contents) {
      for (const mediaType of site.mediaTypes) {
        if (isMediaRangeList(mediaType) && !mediaType.includes(",")) continue;
        yield {
          pointer: joinPointer(site.pointer, mediaType),
          message: `"${mediaType}" is not a media type (expected type/subtype, e.g. application/json)`,
        };
      }
    }
  },
};
