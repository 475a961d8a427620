/**
 * Prints one node at a given depth of indentation, exactly as astToString would print it inside
 * the whole file at that depth: the same printer options, and a text writer that starts with that
 * many indentation levels (TypeScript re-indents multi-line JSDoc comments to the writer's level,
 * so printing at depth 0 and indenting afterwards would not be the same). `writeNode` and
 * `createTextWriter` are TypeScript's own, left out of its public declarations.
 */
import type { EmitHint, Node, Printer, SourceFile } from "typescript";
import { flatString } from "../../flat-string.js";
import { ts } from "./openapi-typescript.js";

interface TextWriter {
  increaseIndent(): void;
  getText(): string;
}

interface WritingPrinter extends Printer {
  writeNode(hint: EmitHint, node: Node, sourceFile: SourceFile | undefined, writer: TextWriter): void;
}

const internals = ts as unknown as { createTextWriter?: (newLine: string) => TextWriter };

export type PrintNode = (node: Node, depth: number) => string;

/**
 * undefined when this TypeScript lacks the internals used here (the types are then printed as one
 * AST): codegen pins its TypeScript, but a package manager may be told to override it.
 */
export function nodePrinter(): PrintNode | undefined {
  const createTextWriter = internals.createTextWriter;
  // astToString's file and printer (openapi-typescript's lib/ts).
  const sourceFile = ts.createSourceFile(
    "openapi-ts.ts",
    "",
    ts.ScriptTarget.ESNext,
    false,
    ts.ScriptKind.TS,
  );
  const printer = ts.createPrinter({
    newLine: ts.NewLineKind.LineFeed,
    removeComments: false,
  }) as WritingPrinter;
  if (typeof createTextWriter !== "function" || typeof printer.writeNode !== "function") return undefined;
  return (node, depth) => {
    const writer = createTextWriter("\n");
    for (let level = 0; level < depth; level++) writer.increaseIndent();
    printer.writeNode(ts.EmitHint.Unspecified, node, sourceFile, writer);
    // The writer appends token after token; kept until the whole file is joined, the text would
    // stay that tree of tokens (several times its characters) instead of one string.
    return flatString(writer.getText());
  };
}
