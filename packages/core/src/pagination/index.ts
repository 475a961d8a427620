/**
 * Pagination described in the spec: `x-speakeasy-pagination` on an operation, or
 * `x-fern-pagination` on an operation (an object, or `true` for the document's own
 * `x-fern-pagination`). `paginationOf(ir)` reads every operation's rule once per IR; the client
 * generator puts the rules into the generated client, `contract check` reports the extensions it
 * cannot read (`pagination-extension`), and an operation with such an extension has no rule.
 */
import type { ContractIR, IRHttpOperation, IRParameter } from "../ir.js";
import { isJsonMediaType } from "../media-type.js";
import { resolveObject } from "../normalize/refs.js";
import type { OpenApiDocument } from "../openapi.js";
import { getAtPointer, joinPointer } from "../pointer.js";
import type { BodyPath, PageInput, PaginationProblem, PaginationRule } from "./model.js";
import { outputProblems } from "./outputs.js";
import { parseFernPath, parseJsonPath } from "./paths.js";

export * from "./model.js";

export interface PaginationOf {
  /** Operation id → its rule. */
  rules: Map<string, PaginationRule>;
  /** Operation id → where its extension is written (the operation's own, also for Fern's `true`). */
  pointers: Map<string, string>;
  problems: PaginationProblem[];
}

const cache = new WeakMap<ContractIR, PaginationOf>();

export function paginationOf(ir: ContractIR): PaginationOf {
  let found = cache.get(ir);
  if (found === undefined) {
    found = readAll(ir);
    cache.set(ir, found);
  }
  return found;
}

/** Fern's response expressions by the rule field they become. */
const FERN_OUTPUTS: Record<string, string> = {
  results: "results",
  next_cursor: "nextCursor",
  "has-next-page": "hasMore",
};

const PARAMETER_INS = ["parameters", "query", "header", "path", "cookie"];

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** Thrown inside one extension's reading: where it went wrong and why. */
class Problem extends Error {
  constructor(
    readonly pointer: string,
    message: string,
  ) {
    super(message);
  }
}

function readAll(ir: ContractIR): PaginationOf {
  const out: PaginationOf = { rules: new Map(), pointers: new Map(), problems: [] };
  const fernDefault = ir.document["x-fern-pagination"];
  for (const op of ir.operations) {
    const operation = getAtPointer(ir.document, op.pointer);
    if (!isObject(operation)) continue;
    const reader = new OperationReader(ir.document, op);
    try {
      const rule = reader.read(operation, fernDefault);
      if (rule === undefined) continue;
      out.rules.set(op.id, rule);
      const key =
        operation["x-speakeasy-pagination"] !== undefined ? "x-speakeasy-pagination" : "x-fern-pagination";
      out.pointers.set(op.id, joinPointer(op.pointer, key));
      // Kept even so: the schema may be what is wrong, and the rule reads what the server sends.
      out.problems.push(...outputProblems(ir.document, op, rule, reader.outputs));
    } catch (error) {
      if (!(error instanceof Problem)) throw error;
      out.problems.push({ pointer: error.pointer, message: error.message });
    }
  }
  return out;
}

class OperationReader {
  /** Where each output of the rule read is written (rule field → pointer), for outputProblems. */
  readonly outputs = new Map<string, string>();

  constructor(
    private readonly document: OpenApiDocument,
    private readonly op: IRHttpOperation,
  ) {}

  read(operation: Record<string, unknown>, fernDefault: unknown): PaginationRule | undefined {
    const at = (key: string) => joinPointer(this.op.pointer, key);
    if (operation["x-speakeasy-pagination"] !== undefined)
      return this.speakeasy(operation["x-speakeasy-pagination"], at("x-speakeasy-pagination"));
    const fern = operation["x-fern-pagination"];
    if (fern === undefined || fern === false) return undefined;
    if (fern === true) {
      if (!isObject(fernDefault))
        throw new Problem(
          at("x-fern-pagination"),
          "x-fern-pagination: true takes the document's x-fern-pagination, which is missing",
        );
      return this.fern(fernDefault, "/x-fern-pagination");
    }
    return this.fern(fern, at("x-fern-pagination"));
  }

  // --- x-speakeasy-pagination: { type, inputs: [{ name, in, type }], outputs: { … } } ---

  private speakeasy(value: unknown, pointer: string): PaginationRule {
    const name = "x-speakeasy-pagination";
    if (!isObject(value)) throw new Problem(pointer, `${name} must be an object`);
    const inputs = new Map<string, PageInput>();
    const rawInputs = value.inputs ?? [];
    if (!Array.isArray(rawInputs)) throw new Problem(joinPointer(pointer, "inputs"), "inputs must be a list");
    for (const [i, input] of rawInputs.entries()) {
      const at = joinPointer(pointer, "inputs", i);
      if (!isObject(input) || typeof input.name !== "string" || typeof input.type !== "string")
        throw new Problem(at, "each input needs a name, an `in` and a type");
      if (!["page", "offset", "limit", "cursor"].includes(input.type))
        throw new Problem(
          joinPointer(at, "type"),
          `input type ${JSON.stringify(input.type)} is none of page, offset, limit, cursor`,
        );
      // `in: query` (a parameter's own location) is a common spelling of `in: parameters`.
      if (typeof input.in === "string" && PARAMETER_INS.includes(input.in))
        inputs.set(input.type, this.parameter(input.name, joinPointer(at, "name")));
      else if (input.in === "requestBody") inputs.set(input.type, this.bodyInput([input.name], at));
      else throw new Problem(joinPointer(at, "in"), 'input `in` must be "parameters" or "requestBody"');
    }
    const outputs = value.outputs ?? {};
    if (!isObject(outputs)) throw new Problem(joinPointer(pointer, "outputs"), "outputs must be an object");
    const output = (key: string): BodyPath | undefined => {
      const text = outputs[key];
      if (text === undefined) return undefined;
      const at = joinPointer(pointer, "outputs", key);
      if (typeof text !== "string") throw new Problem(at, `outputs.${key} must be a JSONPath string`);
      const path = parseJsonPath(text);
      if (typeof path === "string") throw new Problem(at, `outputs.${key}: ${path}`);
      this.outputs.set(key, at);
      return path;
    };
    const results = output("results");
    const missing = (what: string) =>
      new Problem(pointer, `${name} of type ${String(value.type)} needs ${what}`);
    switch (value.type) {
      case "offsetLimit": {
        const page = inputs.get("page");
        const offset = page ?? inputs.get("offset");
        if (offset === undefined) throw missing("a page or an offset input");
        const numPages = page ? output("numPages") : undefined;
        if (page === undefined && results === undefined)
          throw missing("outputs.results (an offset moves on by the items read)");
        if (results === undefined && numPages === undefined)
          throw missing("outputs.results or outputs.numPages (to tell the last page)");
        return this.offsetRule(offset, page ? "page" : "item", inputs.get("limit"), {
          results,
          numPages,
        });
      }
      case "cursor": {
        const cursor = inputs.get("cursor");
        if (cursor === undefined) throw missing("a cursor input");
        const nextCursor = output("nextCursor");
        if (nextCursor === undefined) throw missing("outputs.nextCursor");
        return { type: "cursor", cursor, nextCursor, ...(results ? { results } : {}) };
      }
      case "url": {
        const nextUrl = output("nextUrl");
        if (nextUrl === undefined) throw missing("outputs.nextUrl");
        return { type: "url", nextUrl, ...(results ? { results } : {}) };
      }
      default:
        throw new Problem(
          joinPointer(pointer, "type"),
          `${name}.type must be "offsetLimit", "cursor" or "url"`,
        );
    }
  }

  // --- x-fern-pagination: { cursor, next_cursor, results } or { offset, results, step, has-next-page } ---

  private fern(value: unknown, pointer: string): PaginationRule {
    const name = "x-fern-pagination";
    if (!isObject(value)) throw new Problem(pointer, `${name} must be an object (or true)`);
    const expression = (key: string, prefix: "$request" | "$response"): BodyPath | undefined => {
      const text = value[key];
      if (text === undefined) return undefined;
      const at = joinPointer(pointer, key);
      if (typeof text !== "string") throw new Problem(at, `${name}.${key} must be a ${prefix} expression`);
      const path = parseFernPath(text, prefix);
      if (typeof path === "string") throw new Problem(at, `${name}.${key}: ${path}`);
      const output = FERN_OUTPUTS[key];
      if (output !== undefined) this.outputs.set(output, at);
      return path;
    };
    const request = (key: string): PageInput | undefined => {
      const path = expression(key, "$request");
      if (path?.length === 0)
        throw new Problem(
          joinPointer(pointer, key),
          `${name}.${key} must name a parameter or a body property`,
        );
      return path && this.requestInput(path as string[], joinPointer(pointer, key));
    };
    const results = expression("results", "$response");
    if (results === undefined) throw new Problem(pointer, `${name} needs results ($response.<items>)`);
    const hasMore = expression("has-next-page", "$response");
    const cursor = request("cursor");
    if (cursor !== undefined) {
      const nextCursor = expression("next_cursor", "$response");
      if (nextCursor === undefined) throw new Problem(pointer, `${name} with a cursor needs next_cursor`);
      return { type: "cursor", cursor, nextCursor, results, ...(hasMore ? { hasMore } : {}) };
    }
    const offset = request("offset");
    if (offset === undefined) throw new Problem(pointer, `${name} needs a cursor or an offset`);
    // Fern moves an offset on by `step` items when it names one, by one page otherwise.
    const step = request("step");
    return this.offsetRule(offset, step ? "item" : "page", step, { results, hasMore });
  }

  // --- shared ---

  private offsetRule(
    offset: PageInput,
    unit: "page" | "item",
    limit: PageInput | undefined,
    outputs: { results?: BodyPath; numPages?: BodyPath; hasMore?: BodyPath },
  ): PaginationRule {
    const start =
      this.numberKeyword(offset, "default") ??
      (unit === "page" ? this.numberKeyword(offset, "minimum") : undefined) ??
      (unit === "page" ? 1 : 0);
    const limitDefault = limit && this.numberKeyword(limit, "default");
    return {
      type: "offset",
      offset,
      unit,
      start,
      ...(limit ? { limit } : {}),
      ...(limitDefault !== undefined ? { limitDefault } : {}),
      ...(outputs.results ? { results: outputs.results } : {}),
      ...(outputs.numPages ? { numPages: outputs.numPages } : {}),
      ...(outputs.hasMore ? { hasMore: outputs.hasMore } : {}),
    };
  }

  /** A Fern `$request.x.y`: a parameter when one is named `x` and nothing follows, else a body path. */
  private requestInput(path: string[], pointer: string): PageInput {
    const [first] = path;
    if (path.length === 1 && first !== undefined && this.findParameter(first))
      return this.parameter(first, pointer);
    return this.bodyInput(path, pointer);
  }

  private findParameter(name: string): IRParameter | undefined {
    const { query, header, path, cookie } = this.op.parameters;
    return [...query, ...header, ...path, ...cookie].find((p) => p.name === name);
  }

  private parameter(name: string, pointer: string): PageInput {
    const parameter = this.findParameter(name);
    if (parameter === undefined)
      throw new Problem(pointer, `${JSON.stringify(name)} is no parameter of ${this.describe()}`);
    return { in: parameter.in, name };
  }

  private bodyInput(path: string[], pointer: string): PageInput {
    const json = this.op.requestBody?.content.some((c) => isJsonMediaType(c.mediaType)) ?? false;
    if (!json)
      throw new Problem(
        pointer,
        `${JSON.stringify(path.join("."))} is no parameter of ${this.describe()}, which has no JSON request body either`,
      );
    return { in: "body", path };
  }

  /** A number the parameter's schema gives for `keyword` (`default`, `minimum`), `$ref`s followed. */
  private numberKeyword(input: PageInput, keyword: "default" | "minimum"): number | undefined {
    if (input.in === "body") return undefined;
    const parameter = this.findParameter(input.name);
    if (parameter === undefined || typeof parameter.schema !== "object") return undefined;
    const schema = resolveObject(
      this.document,
      parameter.schema,
      parameter.schemaPointer ?? parameter.pointer,
    );
    const value = schema?.value[keyword];
    return typeof value === "number" && Number.isFinite(value) ? value : undefined;
  }

  private describe(): string {
    return `${this.op.method.toUpperCase()} ${this.op.path}`;
  }
}
