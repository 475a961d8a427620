/**
 * Collects changes while the comparison walks both documents, and records which operations reach
 * which changes. Comparisons form a graph: an operation node links to the schema pairs it compares,
 * a schema pair to the pairs below it. A pair reached again (from another operation, or through a
 * recursive `$ref`) is linked, not compared again: that memo of visited (base, head) pointer pairs
 * keeps the walk linear and cycle-safe, and reports a change in a shared component once.
 */

import type { SourceLocation } from "../diagnostics.js";
import { type MessageParams, RULES, renderMessage } from "./rules.js";
import { SchemaEquality } from "./schema-equal.js";
import type { Change, ChangeSide, ChangeTarget, DiffInput } from "./types.js";

interface Node {
  changes: Change[];
  children: Set<Node>;
  parents: Set<Node>;
  targets?: ChangeTarget[];
}

const newNode = (targets?: ChangeTarget[]): Node => ({
  changes: [],
  children: new Set(),
  parents: new Set(),
  ...(targets ? { targets } : {}),
});

export class DiffContext {
  private current: Node | undefined;
  private readonly roots: Node[] = [];
  private readonly pairs = new Map<string, Node>();
  /** One node per distinct change, so that the same change reached from two pairs is listed once. */
  private readonly reported = new Map<string, Node>();
  /** Proves unchanged schemas equal cheaply, so that only changed ones are compared in depth. */
  readonly equality: SchemaEquality;

  constructor(
    readonly base: DiffInput,
    readonly head: DiffInput,
  ) {
    this.equality = new SchemaEquality(base.document, head.document);
  }

  /** Runs `compare` with every change it finds (directly or in linked pairs) attributed to `targets`. */
  within(targets: ChangeTarget[], compare: () => void): void {
    const node = newNode(targets);
    this.roots.push(node);
    const outer = this.current;
    this.current = node;
    try {
      compare();
    } finally {
      this.current = outer;
    }
  }

  /** Compares a (base, head) pair once; later visits only link it to the current node. */
  pair(key: string, compare: () => void): void {
    const existing = this.pairs.get(key);
    const parent = this.current;
    if (existing) {
      if (parent) link(parent, existing);
      return;
    }
    const node = newNode();
    this.pairs.set(key, node);
    if (parent) link(parent, node);
    this.current = node;
    try {
      compare();
    } finally {
      this.current = parent;
    }
  }

  report(code: string, params: MessageParams, basePointer?: string, headPointer?: string): void {
    const rule = RULES.get(code);
    if (!rule) throw new Error(`Unknown diff rule: ${code}`);
    const change: Change = {
      code,
      severity: rule.severity,
      message: renderMessage(rule.message, params),
      ...(basePointer !== undefined ? { base: side(this.base, basePointer) } : {}),
      ...(headPointer !== undefined ? { head: side(this.head, headPointer) } : {}),
      affects: [],
    };
    if (!this.current) throw new Error("DiffContext.report called outside within()");
    const key = `${code}\0${change.message}\0${basePointer}\0${headPointer}`;
    let node = this.reported.get(key);
    if (!node) {
      node = newNode();
      node.changes.push(change);
      this.reported.set(key, node);
    }
    link(this.current, node);
  }

  /** Every change found, each with the operations that reach it. */
  changes(): Change[] {
    const live = liveNodes(this.reported.values());
    const out: Change[] = [];
    for (const root of this.roots) {
      const seen = new Set<Node>();
      const stack = [root];
      while (stack.length > 0) {
        const node = stack.pop()!;
        if (seen.has(node) || !live.has(node)) continue;
        seen.add(node);
        for (const change of node.changes) change.affects.push(...root.targets!);
        for (const child of node.children) stack.push(child);
      }
    }
    for (const node of live) out.push(...node.changes);
    return out;
  }
}

function link(parent: Node, child: Node): void {
  parent.children.add(child);
  child.parents.add(parent);
}

/** Nodes that hold a change or lead to one: attribution walks only these. */
function liveNodes(changeNodes: Iterable<Node>): Set<Node> {
  const live = new Set<Node>();
  const stack: Node[] = [...changeNodes];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (live.has(node)) continue;
    live.add(node);
    for (const parent of node.parents) stack.push(parent);
  }
  return live;
}

/**
 * The location is looked up when first read: finding positions means indexing a source file, which
 * a 12 MB JSON file makes noticeable, and outputs that print no positions (markdown) never pay it.
 */
function side(input: DiffInput, pointer: string): ChangeSide {
  const out = { pointer } as ChangeSide;
  if (!input.locate) return out;
  let location: SourceLocation | undefined;
  let done = false;
  Object.defineProperty(out, "location", {
    enumerable: true,
    configurable: true,
    get() {
      if (!done) {
        location = input.locate?.(pointer);
        done = true;
      }
      return location;
    },
  });
  return out;
}
