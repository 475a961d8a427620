/** The YAML to paste under a webhook response's `links`, for one suggestion. */
import { stringify } from "yaml";

export interface LinkObject {
  operationId?: string;
  operationRef?: string;
  parameters: Record<string, string>;
  description: string;
}

export function renderLinkYaml(name: string, link: LinkObject): string {
  // The default string type keeps `$request.body#/...` plain where YAML allows it and quotes names
  // and expressions that would otherwise read as something else.
  return stringify({ [name]: link }, { lineWidth: 0 });
}

/** A `$request.body#/…` runtime expression for a path of property names (RFC 6901 escaping). */
export function bodyExpression(path: readonly string[]): string {
  return `$request.body#${path.map((s) => `/${s.replace(/~/g, "~0").replace(/\//g, "~1")}`).join("")}`;
}

/** Link names must match `^[a-zA-Z0-9.\-_]+$` (the components map's key pattern). */
export function linkName(raw: string): string {
  const cleaned = raw.replace(/[^a-zA-Z0-9._-]+/g, "_").replace(/^_+|_+$/g, "");
  return cleaned.length > 0 ? cleaned : "link";
}
