/**
 * The two ways a file reaches the disk. Both write the whole content to a temporary file in the same
 * folder first, so a crash or a full disk never leaves a half-written file under the real name.
 */
import { randomBytes } from "node:crypto";
import { chmod, link, rename, stat, unlink, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
}

const removeQuietly = (path: string) => unlink(path).catch(() => undefined);

/** Replaces `target` atomically (rename over it), keeping the permission bits of an existing file. */
export async function writeAtomic(target: string, contents: string | Uint8Array): Promise<void> {
  const temp = tempPathFor(target);
  try {
    await writeFile(temp, contents, { flag: "wx" });
    const previous = await stat(target).catch(() => undefined);
    if (previous) await chmod(temp, previous.mode & 0o7777);
    await rename(temp, target);
  } catch (error) {
    await removeQuietly(temp);
    throw error;
  }
}

/**
 * Creates `target` only if nothing exists under that name, atomically: a hard link fails with EEXIST
 * instead of replacing (rename would clobber). Returns false when the file already existed.
 */
export async function createExclusive(target: string, contents: string | Uint8Array): Promise<boolean> {
  const temp = tempPathFor(target);
  try {
    await writeFile(temp, contents, { flag: "wx" });
    try {
      await link(temp, target);
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EEXIST") return false;
      if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP" && code !== "ENOSYS") throw error;
      // File systems without hard links: `wx` still never overwrites, it is just not crash-atomic.
      return await writeFile(target, contents, { flag: "wx" }).then(
        () => true,
        (e: NodeJS.ErrnoException) => {
          if (e.code === "EEXIST") return false;
          throw e;
        },
      );
    }
  } finally {
    await removeQuietly(temp);
  }
}
