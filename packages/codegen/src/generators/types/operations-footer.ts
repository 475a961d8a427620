/**
 * openapi-typescript collects every operation with an operationId into one `operations` interface
 * it keeps in `ctx.injectFooter`, and adds each one by rebuilding the whole member list
 * (`operations.members = createNodeArray([...operations.members, member])`, which also re-reads
 * every member's flags): quadratic in the number of operations. Harmless for GitHub's 1,200;
 * Microsoft Graph's 11,400 made it a third of the types stage and most of its garbage.
 *
 * The footer list made here hands openapi-typescript an `operations` declaration whose `members`
 * reads as empty and appends what is assigned to it to a list of our own, so each addition costs
 * one member; `finish()` then gives the declaration that list as its members, once. The members,
 * their order and the declaration are the ones openapi-typescript would have built (the
 * equivalence test compares the printed output with openapiTS()'s).
 */
import type { InterfaceDeclaration, Node, NodeArray, TypeElement } from "typescript";
import { ts } from "./openapi-typescript.js";

export interface OperationsFooter {
  /** The `injectFooter` of openapi-typescript's transform context. */
  footer: Node[];
  /**
   * Sets the collected members on the `operations` declaration (or `members`, when the footer was
   * given a receiver); call after the transform.
   */
  finish(members?: readonly TypeElement[]): void;
}

const NO_MEMBERS: readonly TypeElement[] = Object.freeze([]);

/**
 * With `receive`, each member is handed to it as it is added instead of being kept (./pieces.ts
 * prints it and keeps the text).
 */
export function operationsFooter(receive?: (member: TypeElement) => void): OperationsFooter {
  const footer: Node[] = [];
  const collected: Array<{ declaration: InterfaceDeclaration; members: TypeElement[] }> = [];
  // injectOperationObject creates the declaration on its first call and pushes it here; that push
  // is where it can be given the appending `members`.
  footer.push = (...nodes: Node[]): number => {
    for (const node of nodes) {
      if (ts.isInterfaceDeclaration(node) && node.name.text === "operations") {
        collected.push({ declaration: node, members: appendingMembers(node, receive) });
      }
    }
    return Array.prototype.push.apply(footer, nodes);
  };
  return {
    footer,
    finish(given?: readonly TypeElement[]) {
      for (const { declaration, members } of collected) {
        Object.defineProperty(declaration, "members", {
          value: ts.factory.createNodeArray(given ?? members),
          writable: true,
          enumerable: true,
          configurable: true,
        });
      }
    },
  };
}

/** Turns `declaration.members` into an accessor: reads as empty, assignments append to the result. */
function appendingMembers(
  declaration: InterfaceDeclaration,
  receive: ((member: TypeElement) => void) | undefined,
): TypeElement[] {
  const members = [...declaration.members];
  Object.defineProperty(declaration, "members", {
    get: () => NO_MEMBERS,
    set: (assigned: NodeArray<TypeElement>) => {
      if (receive === undefined) members.push(...assigned);
      else for (const member of assigned) receive(member);
    },
    enumerable: true,
    configurable: true,
  });
  return members;
}
