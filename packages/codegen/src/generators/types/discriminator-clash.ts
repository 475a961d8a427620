/**
 * openapi-typescript (7.13) gives a schema that extends a discriminator's schema through `allOf`
 * the discriminator's property (`kind: "Cat"`, required) without looking at the schema's own
 * properties: one that declares that property too (`kind?: "Cat"`, as Apple's SiriKit description
 * does) gets it twice in one type literal, which TypeScript refuses ("Duplicate identifier"). The
 * openapi-typescript CLI prints the same broken type.
 *
 * The repair keeps the first declaration of a name in a type literal (the discriminator's, which
 * openapi-typescript puts first) and drops the later ones. It runs only when the scan of the
 * discriminators shows such a schema, so every other document prints exactly as before.
 */
import type { GlobalContext } from "openapi-typescript";
import type { Node, PropertyName, TransformerFactory, TypeElement } from "typescript";
import { ts } from "./openapi-typescript.js";

/** Whether some schema gets an inherited discriminator property it also declares itself. */
export function hasDiscriminatorClash(ctx: GlobalContext): boolean {
  const { objects, refsHandled } = ctx.discriminators;
  for (const [path, discriminator] of Object.entries(objects)) {
    // The transform adds the property under these conditions (transformSchemaObjectCore of 7.13).
    if (refsHandled.includes(path)) continue;
    const schema = ctx.resolve<Record<string, unknown>>(path);
    if (!schema || schema.discriminator || !(schema.allOf || schema.anyOf)) continue;
    const properties = schema.properties;
    if (properties && typeof properties === "object" && Object.hasOwn(properties, discriminator.propertyName))
      return true;
  }
  return false;
}

const nameOf = (name: PropertyName | undefined): string | undefined =>
  name && (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name))
    ? name.text
    : undefined;

const keepFirstOfEachName: TransformerFactory<Node> = (context) => {
  const visit = (node: Node): Node => {
    const visited = ts.visitEachChild(node, visit, context);
    if (!ts.isTypeLiteralNode(visited)) return visited;
    const seen = new Set<string>();
    const members: TypeElement[] = [];
    for (const member of visited.members) {
      const name = ts.isPropertySignature(member) ? nameOf(member.name) : undefined;
      if (name !== undefined) {
        if (seen.has(name)) continue;
        seen.add(name);
      }
      members.push(member);
    }
    return members.length === visited.members.length
      ? visited
      : ts.factory.updateTypeLiteralNode(visited, ts.factory.createNodeArray(members));
  };
  return (node) => visit(node);
};

/** `node` with every type literal inside it holding each property name once (the first). */
export function withoutDuplicateProperties<T extends Node>(node: T): T {
  const result = ts.transform(node, [keepFirstOfEachName]);
  const [transformed] = result.transformed;
  result.dispose();
  return transformed as T;
}
