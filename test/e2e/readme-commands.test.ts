/**
 * The READMEs a user follows promise a machine with only Node and npm: every command they print
 * must work as printed there (pnpm through `npx -y pnpm@<version>`, the version the repository
 * pins), and the Node version they state must be the one the packages' `engines` require.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const read = (path: string) => readFileSync(`${repo}${path}`, "utf8");
const USER_DOCS = [
  "README.md",
  "examples/shop/README.md",
  "examples/github/README.md",
  "packages/core/README.md",
  "packages/codegen/README.md",
  "packages/runtime/README.md",
  "packages/cli/README.md",
];
const PNPM_VERSION = (JSON.parse(read("package.json")).packageManager as string).replace("pnpm@", "");

/** Commands: lines of sh code blocks and inline code spans, with the paragraph they are in. */
function commands(markdown: string): Array<{ command: string; paragraph: string }> {
  const found: Array<{ command: string; paragraph: string }> = [];
  for (const block of markdown.matchAll(/```(?:sh|bash|shell)\n([\s\S]*?)```/g)) {
    for (const line of (block[1] ?? "").split("\n")) found.push({ command: line.trim(), paragraph: "" });
  }
  const prose = markdown.replace(/```[\s\S]*?```/g, "");
  for (const paragraph of prose.split(/\n\s*\n/)) {
    for (const span of paragraph.matchAll(/`([^`\n]+)`/g)) found.push({ command: span[1] ?? "", paragraph });
  }
  return found;
}

describe("commands printed in the user-facing READMEs", () => {
  it.each(USER_DOCS)("%s runs pnpm only through npx (or says how to install it)", (doc) => {
    const bare = commands(read(doc)).filter(
      ({ command, paragraph }) =>
        /^pnpm\s/.test(command) && !paragraph.includes(`npm install -g pnpm@${PNPM_VERSION}`),
    );
    expect(bare.map((c) => c.command)).toEqual([]);
    for (const { command } of commands(read(doc))) {
      const pinned = command.match(/npx -y pnpm@(\S+)/);
      if (pinned) expect(pinned[1]).toBe(PNPM_VERSION);
    }
  });

  it("states the Node version the packages require", () => {
    const engines = new Set(
      ["core", "codegen", "runtime", "cli"].map(
        (name) => JSON.parse(read(`packages/${name}/package.json`)).engines?.node as string,
      ),
    );
    expect([...engines]).toEqual([JSON.parse(read("package.json")).engines.node]);
    const required = [...engines][0]?.replace(">=", "");
    for (const doc of USER_DOCS) {
      for (const match of read(doc).matchAll(/\bNode(?:\.js)? (\d+(?:\.\d+)*)/g)) {
        expect(`${doc}: Node ${match[1]}`).toBe(`${doc}: Node ${required}`);
      }
    }
  });
});
