import { isAbsolute, relative } from "node:path";

/** A spec path as the user would type it: relative to the working directory when inside it. */
export function displayFile(file: string, cwd: string | undefined): string {
  if (cwd === undefined || !isAbsolute(file)) return file;
  const rel = relative(cwd, file);
  return rel.startsWith("..") || isAbsolute(rel) ? file : rel;
}
