/**
 * types.ts printed in pieces. openapiTS() builds the AST of the whole document (every path, schema
 * and operation) before TypeScript prints it: on Microsoft Graph v1.0 that AST set the peak memory
 * of `contract gen`. Here each entry of `paths`, `webhooks` and `components` is transformed on its
 * own (openapi-typescript's transforms given a one-entry object), printed at its depth and dropped;
 * each `operations` member is printed as the transform adds it. Only text is kept.
 *
 * The frame (the root declarations and what the transform adds after them) is printed by
 * astToString with one marker member where each container's entries go; the entries' text then
 * replaces the marker lines. `transformSchema` (transform/index of 7.13) is mirrored below for the
 * roots; the equivalence test compares the result with openapiTS()'s.
 */
import type { GlobalContext, OpenAPI3 } from "openapi-typescript";
import type { Node, PropertySignature, TypeElement, TypeNode } from "typescript";
import {
  astToString,
  createRef,
  getEntries,
  NEVER,
  STRING,
  transformComponentsObject,
  transformPathsObject,
  transformSchemaObject,
  transformWebhooksObject,
  ts,
  tsModifiers,
  tsPropertyIndex,
  tsRecord,
} from "./openapi-typescript.js";
import type { OperationsFooter } from "./operations-footer.js";
import type { PrintNode } from "./print-node.js";

const ROOTS = ["paths", "webhooks", "components", "$defs"] as const;
/** transformComponentsObject's keys, in its order. */
const COMPONENT_KEYS = [
  "schemas",
  "responses",
  "parameters",
  "requestBodies",
  "headers",
  "pathItems",
] as const;
const MARKER = /^ *\$contract_piece_(\d+): never;$/gm;

/** The printed `operations` members, one text per operationId (see ./dedupe-operations.ts). */
export function operationTexts(print: PrintNode): { texts: string[]; receive(member: TypeElement): void } {
  const texts: string[] = [];
  const seen = new Set<string>();
  return {
    texts,
    receive(member) {
      const name = member.name;
      if (name && (ts.isIdentifier(name) || ts.isStringLiteral(name))) {
        if (seen.has(name.text)) return;
        seen.add(name.text);
      }
      texts.push(print(member, 1));
    },
  };
}

/**
 * The text of types.ts, or undefined when the frame could not be told apart from the entries (a
 * marker name printed elsewhere in it): the caller then prints the whole AST. `ctx.rootTypes` is not
 * handled here (its aliases are named across all components).
 */
export function printInPieces(
  document: OpenAPI3,
  ctx: GlobalContext,
  print: PrintNode,
  operations: { footer: OperationsFooter; texts: string[] },
): string | undefined {
  const fills: string[] = [];
  const marker = (pieces: string[]): PropertySignature[] => {
    if (pieces.length === 0) return [];
    fills.push(pieces.join("\n"));
    return [
      ts.factory.createPropertySignature(undefined, `$contract_piece_${fills.length - 1}`, undefined, NEVER),
    ];
  };

  const statements: Node[] = [];
  const source = document as unknown as Record<string, unknown>;
  for (const root of ROOTS) {
    const value = source[root];
    if (!value || typeof value !== "object") {
      statements.push(emptyRoot(root));
    } else if (root === "paths" || root === "webhooks") {
      const transform = root === "paths" ? transformPathsObject : transformWebhooksObject;
      const pieces: string[] = [];
      for (const [key, item] of getEntries(value as Record<string, object>, ctx)) {
        for (const member of membersOf(transform({ [key]: item } as never, ctx)))
          pieces.push(print(member, 1));
      }
      statements.push(rootStatement(root, ts.factory.createTypeLiteralNode(marker(pieces)), ctx));
    } else if (root === "components") {
      const members = COMPONENT_KEYS.map((key) => {
        const pieces: string[] = [];
        const items = (value as Record<string, unknown>)[key];
        if (items) {
          for (const [name, item] of getEntries(items as Record<string, object>, ctx)) {
            const [literal] = transformComponentsObject({ [key]: { [name]: item } } as never, ctx);
            const entry = membersOf(literal).find(
              (member) => member.type && ts.isTypeLiteralNode(member.type),
            );
            for (const member of membersOf(entry?.type)) pieces.push(print(member, 2));
          }
        }
        const entries = marker(pieces);
        return ts.factory.createPropertySignature(
          undefined,
          tsPropertyIndex(key),
          undefined,
          entries.length ? ts.factory.createTypeLiteralNode(entries) : NEVER,
        );
      });
      statements.push(rootStatement(root, ts.factory.createTypeLiteralNode(members), ctx));
    } else {
      const schema = transformSchemaObject(value as never, {
        path: createRef(["$defs"]),
        ctx,
        schema: value as never,
      });
      statements.push(rootStatement(root, schema, ctx));
    }
  }

  operations.footer.finish(marker(operations.texts));
  let hasOperations = false;
  for (const injected of ctx.injectFooter) {
    if ((injected as { name?: { escapedText?: string } }).name?.escapedText === "operations")
      hasOperations = true;
    statements.push(injected);
  }
  if (!hasOperations) statements.push(emptyRoot("operations"));

  const frame = astToString(statements as never);
  const used = new Set<number>();
  const text = frame.replace(MARKER, (line, index: string) => {
    const fill = fills[Number(index)];
    if (fill === undefined || used.has(Number(index))) return line;
    used.add(Number(index));
    return fill;
  });
  const markersInFrame = frame.match(MARKER)?.length ?? 0;
  return used.size === fills.length && markersInFrame === fills.length ? text : undefined;
}

/** `export type <root> = Record<string, never>;`, what transformSchema prints for an empty root. */
function emptyRoot(root: string): Node {
  return ts.factory.createTypeAliasDeclaration(
    tsModifiers({ export: true }),
    root,
    undefined,
    tsRecord(STRING, NEVER),
  );
}

/** transformSchema's declaration of a root from its transformed type. */
function rootStatement(root: string, type: Node, ctx: GlobalContext): Node {
  if (ts.isTypeNode(type)) {
    const members = membersOf(type);
    if (members.length === 0) return emptyRoot(root);
    return ctx.exportType
      ? ts.factory.createTypeAliasDeclaration(tsModifiers({ export: true }), root, undefined, type)
      : ts.factory.createInterfaceDeclaration(
          tsModifiers({ export: true }),
          root,
          undefined,
          undefined,
          members,
        );
  }
  return ts.isTypeAliasDeclaration(type) ? type : emptyRoot(root);
}

function membersOf(node: Node | TypeNode | undefined): readonly PropertySignature[] {
  const members = (node as { members?: readonly PropertySignature[] } | undefined)?.members;
  return members ?? [];
}
