/**
 * A fast structural equality of two schemas, `$ref`s followed on both sides, annotations ignored.
 * Most of two versions of a contract is unchanged: proving a subtree equal costs one allocation-free
 * walk, while comparing it keyword by keyword builds views of every node. Equal subtrees are skipped.
 *
 * Recursive schemas are compared coinductively: a pair already being compared is assumed equal.
 * A `false` found under that assumption is certainly false and is remembered; `true` results are
 * remembered only once the outermost comparison succeeds (otherwise an assumption may have failed).
 */
import type { OpenApiDocument } from "../openapi.js";
import { getAtPointer } from "../pointer.js";

/** Keywords that never change what a schema accepts, nor what diff reports. */
const IGNORED = new Set([
  "description",
  "title",
  "summary",
  "example",
  "examples",
  "$comment",
  "externalDocs",
  "xml",
  "deprecated",
  "discriminator",
]);

type Obj = Record<string, unknown>;
type Memo = Map<object, Map<object, boolean>>;

export class SchemaEquality {
  private readonly known: Memo = new Map();
  private pending: Memo = new Map();

  constructor(
    private readonly base: OpenApiDocument,
    private readonly head: OpenApiDocument,
  ) {}

  equal(a: unknown, b: unknown): boolean {
    this.pending = new Map();
    const result = this.values(a, b);
    if (result)
      for (const [x, row] of this.pending) for (const [y, v] of row) if (v) remember(this.known, x, y, true);
    return result;
  }

  private values(a: unknown, b: unknown): boolean {
    if (a === b) return true;
    if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
    if (Array.isArray(a)) return Array.isArray(b) && this.arrays(a, b);
    return !Array.isArray(b) && this.objects(a as Obj, b as Obj);
  }

  /**
   * Pairs reached through a `$ref` are remembered: they are the shared parts, and the only way
   * into a cycle. Inline subtrees are walked each time, which costs nothing they would not cost once.
   */
  private targets(a: Obj, b: Obj): boolean {
    if (a === b) return true;
    const known = this.known.get(a)?.get(b) ?? this.pending.get(a)?.get(b);
    if (known !== undefined) return known;
    remember(this.pending, a, b, true);
    const result = this.objects(a, b);
    if (!result) remember(this.known, a, b, false);
    remember(this.pending, a, b, result);
    return result;
  }

  private arrays(a: unknown[], b: unknown[]): boolean {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!this.values(a[i], b[i])) return false;
    return true;
  }

  private objects(a: Obj, b: Obj): boolean {
    const refA = typeof a.$ref === "string" ? a.$ref : undefined;
    const refB = typeof b.$ref === "string" ? b.$ref : undefined;
    if (refA === undefined && refB === undefined) return this.keywords(a, b, false);
    // Compare what the refs name, not their spelling (component names may differ).
    const targetA = refA === undefined ? a : target(this.base, refA);
    const targetB = refB === undefined ? b : target(this.head, refB);
    if (!isObj(targetA) || !isObj(targetB)) return refA === refB && targetA === targetB;
    if (!this.targets(targetA, targetB)) return false;
    // Keywords beside `$ref` (an inline side was compared whole just above).
    return this.keywords(refA === undefined ? {} : a, refB === undefined ? {} : b, true);
  }

  private keywords(a: Obj, b: Obj, skipRef: boolean): boolean {
    const counted = (key: string) =>
      !(IGNORED.has(key) || key.startsWith("x-") || (skipRef && key === "$ref"));
    let count = 0;
    for (const key in a) {
      if (!counted(key)) continue;
      count++;
      if (!(key in b) || !this.values(a[key], b[key])) return false;
    }
    for (const key in b) if (counted(key)) count--;
    return count === 0;
  }
}

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

function target(document: OpenApiDocument, ref: string): unknown {
  return ref.startsWith("#") ? getAtPointer(document, decodeURIComponent(ref.slice(1))) : undefined;
}

function remember(memo: Memo, a: object, b: object, value: boolean): void {
  let row = memo.get(a);
  if (!row) {
    row = new Map();
    memo.set(a, row);
  }
  row.set(b, value);
}
