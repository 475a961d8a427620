import { isAbsolute, relative, sep } from "node:path";

/** A file as printed: relative to the working directory when inside it, with `/` separators; URLs as they are. */
export function displayPath(file: string, cwd: string): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(cwd, file);
  if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) return file.split(sep).join("/");
  return rel.split(sep).join("/");
}
