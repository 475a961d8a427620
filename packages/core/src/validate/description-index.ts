/**
 * One walk over the description collects everything the rules look up document-wide (`$ref`s,
 * discriminators, servers, security requirements): on a 12 MB spec a walk costs tens of
 * milliseconds, so rules share it.
 */
import type { OpenApiDocument } from "../openapi.js";
import { joinPointer } from "../pointer.js";
import { asObject, type Obj, walkDescription } from "./walk.js";

export interface RefSite {
  ref: string;
  /** Pointer of the object holding the `$ref`. */
  holder: string;
}

export interface DiscriminatorSite {
  schema: Obj;
  /** Pointer of the schema holding `discriminator`. */
  pointer: string;
  propertyName?: string;
  mapping: Record<string, unknown>;
}

export interface ServerSite {
  url: string;
  variables: Record<string, Obj>;
  pointer: string;
}

export interface ContentSite {
  /** The media types (keys) of a `content` map. */
  mediaTypes: string[];
  pointer: string;
}

export interface SecurityRequirementSite {
  /** The scheme names the requirement lists. */
  names: string[];
  pointer: string;
}

export interface DescriptionIndex {
  /** Every `content` map (request bodies, responses, parameters, headers). */
  contents: ContentSite[];
  refs: RefSite[];
  /**
   * `$ref`s inside `x-` extensions (`x-mapped-definition: {$ref: ...}`): not part of the
   * description, but the document does point at their targets.
   */
  extensionRefs: RefSite[];
  discriminators: DiscriminatorSite[];
  /** Every Server Object: top-level, path-item and operation `servers`, and link `server`s. */
  servers: ServerSite[];
  /** Every Security Requirement Object: the root's and every operation's (callbacks included). */
  securityRequirements: SecurityRequirementSite[];
}

export function indexDescription(document: OpenApiDocument): DescriptionIndex {
  const index: DescriptionIndex = {
    contents: [],
    refs: [],
    extensionRefs: [],
    discriminators: [],
    servers: [],
    securityRequirements: [],
  };
  walkDescription(
    document,
    (node, pointer, key, keysAreNames, inArray) => {
      if (keysAreNames) {
        if (key === "content") index.contents.push({ mediaTypes: Object.keys(node), pointer });
        return;
      }
      if (typeof node.$ref === "string") index.refs.push({ ref: node.$ref, holder: pointer });
      if (key === "security" && inArray)
        index.securityRequirements.push({ names: Object.keys(node), pointer });
      const discriminator = asObject(node.discriminator);
      if (discriminator) {
        index.discriminators.push({
          schema: node,
          pointer,
          propertyName:
            typeof discriminator.propertyName === "string" ? discriminator.propertyName : undefined,
          mapping: asObject(discriminator.mapping) ?? {},
        });
      }
      if ((key === "servers" || key === "server") && typeof node.url === "string") {
        const variables: Record<string, Obj> = {};
        for (const [name, v] of Object.entries(asObject(node.variables) ?? {})) {
          const variable = asObject(v);
          if (variable) variables[name] = variable;
        }
        index.servers.push({ url: node.url, variables, pointer });
      }
    },
    (value, pointer) => collectRefs(value, pointer, index.extensionRefs),
  );
  return index;
}

/** Every `{$ref: string}` object in a plain JSON value (an extension's), iteratively. */
function collectRefs(value: unknown, pointer: string, out: RefSite[]): void {
  const stack: [unknown, string][] = [[value, pointer]];
  while (stack.length > 0) {
    const [node, at] = stack.pop()!;
    if (node === null || typeof node !== "object") continue;
    if (Array.isArray(node)) {
      for (const [i, child] of node.entries()) stack.push([child, `${at}/${i}`]);
      continue;
    }
    const obj = node as Obj;
    if (typeof obj.$ref === "string") out.push({ ref: obj.$ref, holder: at });
    for (const [key, child] of Object.entries(obj)) stack.push([child, joinPointer(at, key)]);
  }
}
