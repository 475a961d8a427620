/** Which `$ref` targets the loader may follow, and the diagnostic for those it must not. */
import { isInside, isSpecFile } from "./ref-target.js";

export interface RefPolicy {
  allowRemoteRefs: boolean;
  allowRefsOutsideRoot: boolean;
  /** Folder tree the refs of a local entry must stay in; undefined for remote or in-memory entries. */
  root: string | undefined;
}

export type Refusal = { code: "remote-ref-refused" | "ref-outside-root"; message: string };

export function refusal(policy: RefPolicy, file: string, remote: boolean, ref: string): Refusal | undefined {
  if (remote) {
    if (policy.allowRemoteRefs) return undefined;
    return {
      code: "remote-ref-refused",
      message: `Remote $ref "${ref}" refused: loading it would make the build depend on the network (allow it with allowRemoteRefs / --allow-remote-refs)`,
    };
  }
  if (policy.allowRefsOutsideRoot || policy.root === undefined || isInside(policy.root, file))
    return undefined;
  return {
    code: "ref-outside-root",
    message: `$ref "${ref}" leaves the spec's folder ${policy.root} (allow it with allowRefsOutsideRoot / --allow-refs-outside-root)`,
  };
}

/** Targets worth reading ahead: allowed and JSON/YAML. */
export function shouldRead(policy: RefPolicy, file: string, remote: boolean): boolean {
  return isSpecFile(file) && refusal(policy, file, remote, "") === undefined;
}
