/**
 * Regeneration of user-owned stubs. The index (the user's file) is read, the webhooks it already
 * registers are left alone, new ones get a stub module plus an import and an entry added with
 * ts-morph — an insertion of text: every byte the user wrote stays where it was. Webhooks the spec
 * no longer has are reported, never deleted.
 */
import type { Diagnostic } from "@contract/core";
import type { WebhookModel } from "./model.js";
import { literal, propertyKey } from "./names.js";
import { importSpecifier, type StubPlan } from "./stubs.js";

export interface IndexState {
  /** Webhook names the `handlers` object registers (string-literal or identifier keys). */
  registered: Set<string>;
  /** Identifiers declared or imported at top level (new imports must not clash with them). */
  identifiers: Set<string>;
  /** False when no `handlers` object literal could be found: nothing can be added automatically. */
  mergeable: boolean;
}

type TsMorph = typeof import("ts-morph");
let tsMorph: Promise<TsMorph> | undefined;
// ts-morph carries a whole TypeScript compiler: loaded only when there is a user file to merge into.
const loadTsMorph = () => (tsMorph ??= import("ts-morph"));

async function parse(text: string) {
  const { Project, IndentationText, QuoteKind, SyntaxKind } = await loadTsMorph();
  const project = new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: {
      indentationText: IndentationText.TwoSpaces,
      quoteKind: QuoteKind.Double,
      useTrailingCommas: true,
    },
  });
  const file = project.createSourceFile("index.ts", text);
  const declaration = file.getVariableDeclaration("handlers");
  const initializer = declaration?.getInitializer();
  const object =
    initializer?.asKind(SyntaxKind.ObjectLiteralExpression) ??
    initializer
      ?.asKind(SyntaxKind.SatisfiesExpression)
      ?.getExpression()
      .asKind(SyntaxKind.ObjectLiteralExpression) ??
    initializer?.asKind(SyntaxKind.AsExpression)?.getExpression().asKind(SyntaxKind.ObjectLiteralExpression);
  return { file, object, SyntaxKind };
}

export async function readIndexState(text: string): Promise<IndexState> {
  const { file, object, SyntaxKind } = await parse(text);
  const registered = new Set<string>();
  for (const property of object?.getProperties() ?? []) {
    const named =
      property.asKind(SyntaxKind.PropertyAssignment) ??
      property.asKind(SyntaxKind.ShorthandPropertyAssignment);
    const nameNode = named?.getNameNode();
    if (!nameNode) continue;
    // `["__proto__"]: …` (how a `__proto__` webhook is registered) names the key by its expression.
    const keyNode = nameNode.asKind(SyntaxKind.ComputedPropertyName)?.getExpression() ?? nameNode;
    const literalName =
      keyNode.asKind(SyntaxKind.StringLiteral) ?? keyNode.asKind(SyntaxKind.NoSubstitutionTemplateLiteral);
    registered.add(literalName ? literalName.getLiteralValue() : nameNode.getText());
  }
  const identifiers = new Set<string>();
  for (const imp of file.getImportDeclarations()) {
    const def = imp.getDefaultImport();
    if (def) identifiers.add(def.getText());
    const ns = imp.getNamespaceImport();
    if (ns) identifiers.add(ns.getText());
    for (const named of imp.getNamedImports())
      identifiers.add((named.getAliasNode() ?? named.getNameNode()).getText());
  }
  for (const statement of file.getVariableStatements())
    for (const d of statement.getDeclarations()) identifiers.add(d.getName());
  for (const fn of file.getFunctions()) {
    const name = fn.getName();
    if (name) identifiers.add(name);
  }
  return { registered, identifiers, mergeable: object !== undefined };
}

/** The index with imports and entries for `added` inserted; the user's text otherwise unchanged. */
export async function addToIndex(
  text: string,
  added: readonly StubPlan[],
  handlersDir: string,
): Promise<string> {
  if (added.length === 0) return text;
  const { file, object } = await parse(text);
  if (!object) return text;
  const imports = file.getImportDeclarations();
  const insertAt = imports.length === 0 ? 0 : imports[imports.length - 1]!.getChildIndex() + 1;
  file.insertImportDeclarations(
    insertAt,
    added.map((plan) => ({
      namedImports: [plan.identifier],
      moduleSpecifier: importSpecifier(plan, handlersDir),
    })),
  );
  object.addPropertyAssignments(
    added.map((plan) => ({ name: propertyKey(plan.model.name), initializer: plan.identifier })),
  );
  return file.getFullText();
}

export function removedWebhookWarnings(
  registered: ReadonlySet<string>,
  models: readonly WebhookModel[],
  indexPath: string,
): Diagnostic[] {
  const current = new Set(models.map((m) => m.name));
  return [...registered]
    .filter((name) => !current.has(name))
    .map((name) => ({
      severity: "warning" as const,
      code: "webhook-handler-orphaned",
      message: `${indexPath} registers a handler for webhook ${literal(name)}, which the spec no longer has; its stub was kept (delete it when you no longer need it)`,
      pointer: "/webhooks",
    }));
}
