/**
 * Request validation of one operation: every parameter by location and style, the body's presence,
 * its content type (415) and its schema. Each issue carries a pointer into the request and one into
 * the spec, so a client developer sees both what was wrong and which rule said so.
 */
import {
  escapePointerSegment,
  type IRHttpOperation,
  type IRMediaType,
  isIgnoredHeaderParameter,
  isJsonMediaType,
  joinPointer,
  mediaRangeCovers,
  mediaTypeEssence,
  type RawRequestParts,
} from "@contract/core";
import { type FormContext, formValue, readMultipart, readUrlEncoded } from "./form.js";
import { parameterIssues } from "./parameter-issues.js";
import type { Problem, RequestIssue } from "./problem.js";
import type { Direction, SchemaCheck } from "./validator.js";

export interface RequestContext {
  document: unknown;
  check: (schemaPointer: string, direction?: Direction) => SchemaCheck;
}

export interface RequestBody {
  contentType: string | undefined;
  bytes: Uint8Array;
}

/**
 * `undefined` when the request keeps the contract. A promise only for a multipart body, whose parts
 * are read asynchronously; every other request is checked synchronously.
 */
export function validateRequest(
  op: IRHttpOperation,
  parts: RawRequestParts,
  body: RequestBody,
  context: RequestContext,
): Problem | undefined | Promise<Problem | undefined> {
  const issues: RequestIssue[] = [];
  for (const location of ["path", "query", "header", "cookie"] as const) {
    for (const parameter of op.parameters[location]) {
      // OpenAPI: header parameters named Accept, Content-Type or Authorization "SHALL be ignored".
      if (location === "header" && isIgnoredHeaderParameter(parameter.name)) continue;
      const at = `/${location}/${escapePointerSegment(parameter.name)}`;
      issues.push(
        ...parameterIssues(
          parameter,
          parts,
          at,
          `${location} parameter`,
          context.document,
          (pointer, value, where) => schemaIssues(context, pointer, value, where),
        ),
      );
    }
  }
  const bodyProblem = checkBody(op, body, context, issues);
  if (bodyProblem instanceof Promise) return bodyProblem.then(() => invalid(op, issues));
  if (bodyProblem) return bodyProblem;
  return invalid(op, issues);
}

function invalid(op: IRHttpOperation, issues: RequestIssue[]): Problem | undefined {
  if (issues.length === 0) return undefined;
  return {
    status: 400,
    code: "request-invalid",
    title: "The request does not match the contract",
    detail: `${issues.length} problem${issues.length === 1 ? "" : "s"} in ${op.method.toUpperCase()} ${op.path}`,
    errors: issues,
  };
}

function schemaIssues(
  context: RequestContext,
  schemaPointer: string,
  value: unknown,
  at: string,
): RequestIssue[] {
  return context
    .check(
      schemaPointer,
      "request",
    )(value)
    .map((p) => ({
      pointer: `${at}${p.pointer}`,
      specPointer: schemaPointer,
      message: p.message,
      keyword: p.keyword,
    }));
}

/**
 * 415 is returned (the body cannot be read at all); schema problems are added to `issues`, for a
 * multipart body once the returned promise settles.
 */
function checkBody(
  op: IRHttpOperation,
  body: RequestBody,
  context: RequestContext,
  issues: RequestIssue[],
): Problem | undefined | Promise<void> {
  const declared = op.requestBody;
  if (!declared || declared.content.length === 0) return undefined;
  if (body.bytes.length === 0) {
    if (declared.required)
      issues.push({
        pointer: "/body",
        specPointer: declared.pointer,
        message: "the request body is required",
        keyword: "required",
      });
    return undefined;
  }
  const contentType = mediaTypeEssence(body.contentType);
  const media: IRMediaType | undefined =
    declared.content.find((c) => mediaTypeEssence(c.mediaType) === contentType) ??
    declared.content.find((c) => mediaRangeCovers(c.mediaType, contentType));
  if (!media || contentType === "") {
    return {
      status: 415,
      code: "unsupported-media-type",
      title: "Unsupported Media Type",
      detail: `${contentType === "" ? "no Content-Type" : `Content-Type ${contentType}`}; ${op.method.toUpperCase()} ${op.path} accepts ${declared.content.map((c) => c.mediaType).join(", ")}`,
      headers: { "accept-post": declared.content.map((c) => c.mediaType).join(", ") },
    };
  }
  const specPointer = joinPointer(declared.pointer, "content", media.mediaType);
  const checkValue = (read: ReadBody | undefined) => {
    if (!read || !media.schemaPointer) return;
    const found = schemaIssues(context, media.schemaPointer, read.value, "/body");
    issues.push(...found.filter((issue) => !read.unreadable.some((at) => isWithin(issue.pointer, at))));
  };
  const form: FormContext = {
    issues,
    document: context.document,
    checkAt: (pointer, value, at) => schemaIssues(context, pointer, value, at),
  };
  if (contentType === "multipart/form-data") {
    return readMultipart(body.bytes, body.contentType ?? "").then(
      (fields) => checkValue(formValue(media, { fields }, form)),
      (error: unknown) => {
        issues.push({
          pointer: "/body",
          specPointer,
          message: `the body is not valid multipart/form-data: ${(error as Error).message}`,
          keyword: "multipart",
        });
      },
    );
  }
  checkValue(parseBody(media, body.bytes, specPointer, form));
  return undefined;
}

/** A body read as its schema sees it. */
interface ReadBody {
  value: unknown;
  /** Pointers of values already reported as unreadable, which the schema check leaves alone. */
  unreadable: readonly string[];
}

/** `pointer` is `at` or inside it. */
function isWithin(pointer: string, at: string): boolean {
  return pointer === at || pointer.startsWith(`${at}/`);
}

/** `undefined`: the body is not checked by a schema (unreadable JSON, binary, other multipart kinds). */
function parseBody(
  media: IRMediaType,
  bytes: Uint8Array,
  specPointer: string,
  form: FormContext,
): ReadBody | undefined {
  const text = new TextDecoder().decode(bytes);
  if (isJsonMediaType(media.mediaType)) {
    try {
      return { value: JSON.parse(text), unreadable: [] };
    } catch (error) {
      form.issues.push({
        pointer: "/body",
        specPointer,
        message: `the body is not valid JSON: ${(error as Error).message}`,
        keyword: "json",
      });
      return undefined;
    }
  }
  if (mediaTypeEssence(media.mediaType) === "application/x-www-form-urlencoded")
    return formValue(media, readUrlEncoded(text), form);
  if (mediaTypeEssence(media.mediaType).startsWith("text/")) return { value: text, unreadable: [] };
  // Other multipart kinds (mixed, related) and binary bodies are accepted as they come.
  return undefined;
}
