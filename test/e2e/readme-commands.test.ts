/**
 * The READMEs a user follows promise a machine with only Node and npm: every command they print
 * must work as printed there (pnpm through `npx -y pnpm@<version>`, the version the repository
 * pins), the Node version they state must be the one the packages' `engines` require, and every
 * `contract` flag they name must be one the command defines.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { buildProgram, runCli } from "@contract/cli";
import { PRESET_NAMES } from "@contract/runtime/webhooks";
import { describe, expect, it } from "vitest";
import { captureIO } from "../lib/capture-io.js";

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
  "packages/redis/README.md",
  "packages/verify/README.md",
  "packages/mock/README.md",
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

/**
 * The command whose flags a README section describes, for flags named without `contract <cmd>` in
 * front: a heading that names `contract <cmd>` (until a heading of its level or above), else the
 * document's own command, by heading ("*": every heading).
 */
const SECTION_COMMANDS: Record<string, Record<string, string>> = {
  "packages/cli/README.md": { "Verifying webhooks, both sides": "verify" },
  "packages/verify/README.md": { "*": "verify" },
  "packages/mock/README.md": { "From the command line": "mock", Webhooks: "mock" },
  "packages/redis/README.md": { "*": "deliveries" },
};

type FlagUse = { command: string; flag: string; where: string };

/** `--flag` and `-f` tokens of a command line or a code span, quoted values left out. */
function flagsIn(text: string): string[] {
  const unquoted = text.replace(/"[^"]*"|'[^']*'/g, "");
  return [...unquoted.matchAll(/(?:^|[\s,([])(--?[a-zA-Z][\w-]*)/g)].map((m) => m[1] ?? "");
}

/** Every flag a README gives a `contract` command: on command lines, and in that command's sections. */
function flagUses(doc: string): FlagUse[] {
  const markdown = read(doc);
  const uses: FlagUse[] = [];
  const invocations = [
    ...[...markdown.matchAll(/```(?:sh|bash|shell)\n([\s\S]*?)```/g)].flatMap((block) =>
      (block[1] ?? "").replace(/\\\n/g, " ").split("\n"),
    ),
    ...[...markdown.replace(/```[\s\S]*?```/g, "").matchAll(/`([^`\n]+)`/g)].map((span) => span[1] ?? ""),
  ];
  for (const line of invocations) {
    // One invocation: up to a comment, a pipe, a redirection or the next command of the line.
    for (const match of line
      .replace(/"[^"]*"|'[^']*'/g, "")
      .matchAll(/\bcontract ([a-z]+(?: [a-z]+)?)([^#|;&>]*)/g)) {
      const [name = "", sub] = (match[1] ?? "").split(" ");
      const command = sub && SUBCOMMANDS.has(sub) ? `${name} ${sub}` : name;
      for (const flag of flagsIn(sub && !SUBCOMMANDS.has(sub) ? `${sub} ${match[2]}` : (match[2] ?? "")))
        uses.push({ command, flag, where: line.trim() });
    }
  }
  let section: { command: string | undefined; level: number } = { command: undefined, level: 0 };
  const defaults = SECTION_COMMANDS[doc] ?? {};
  const sections: Array<{ command: string; text: string }> = [];
  for (const line of markdown.replace(/```[\s\S]*?```/g, "").split("\n")) {
    const heading = line.match(/^(#+) (.*)/);
    if (!heading) {
      if (section.command) sections.push({ command: section.command, text: line });
      continue;
    }
    const level = heading[1]?.length ?? 0;
    const title = heading[2] ?? "";
    const named = title.match(/`contract ([a-z]+)/)?.[1];
    const byTitle = Object.entries(defaults).find(([prefix]) => title.startsWith(prefix))?.[1];
    if (named) section = { command: named, level };
    else if (byTitle ?? defaults["*"]) section = { command: byTitle ?? defaults["*"], level };
    else if (level <= section.level) section = { command: undefined, level: 0 };
  }
  // Spans may wrap onto the next line: read each section's lines as one text.
  const byCommand = new Map<string, string>();
  for (const { command, text } of sections)
    byCommand.set(command, `${byCommand.get(command) ?? ""}${text}\n`);
  for (const [command, text] of byCommand) {
    for (const span of text.matchAll(/`(-[^`]+)`/g))
      for (const flag of flagsIn(span[1] ?? ""))
        uses.push({ command, flag, where: (span[1] ?? "").replace(/\s+/g, " ") });
  }
  return uses;
}

/** A commander command, typed through the CLI rather than a dependency on commander. */
type Command = ReturnType<typeof buildProgram>;

const SUBCOMMANDS = new Set(["list", "show", "replay", "sweep"]);
const ALWAYS = new Set(["-h", "--help", "-v", "--version"]);

/** The flags each command (and `deliveries <sub>`) defines; a parent also takes its subcommands' flags. */
function definedFlags(): Map<string, Set<string>> {
  const program = buildProgram(captureIO(repo));
  const flags = new Map<string, Set<string>>();
  const add = (command: Command, name: string) => {
    const own = new Set(
      command.options.flatMap((option) => [option.short, option.long].filter((f) => f !== undefined)),
    );
    flags.set(name, own);
    for (const sub of command.commands) {
      const subFlags = add(sub, `${name} ${sub.name()}`);
      for (const flag of subFlags) own.add(flag);
    }
    return own;
  };
  for (const command of program.commands) add(command, command.name());
  return flags;
}

describe("contract flags named in the user-facing READMEs", () => {
  const defined = definedFlags();

  it.each(USER_DOCS)("%s names only flags the command defines", (doc) => {
    const unknown = flagUses(doc)
      .filter(({ command, flag }) => !ALWAYS.has(flag) && !defined.get(command)?.has(flag))
      .map(({ command, flag, where }) => `contract ${command} ${flag}    in: ${where}`);
    expect(unknown).toEqual([]);
  });

  it("finds the flags it checks (a README rewrite that hides them from it fails here)", () => {
    const checked = USER_DOCS.flatMap(flagUses);
    const commands = new Set(checked.map((use) => use.command.split(" ")[0]));
    expect([...commands].sort()).toEqual(["check", "deliveries", "diff", "gen", "mock", "trigger", "verify"]);
    expect(checked.length).toBeGreaterThan(100);
  });
});

describe("tables of the root README", () => {
  /** Rows `| \`name\` | cell | cell |` of the root README, from the line that starts the table on. */
  const rows = (after: string) => {
    const text = read("README.md");
    const start = text.indexOf(after);
    expect(start).toBeGreaterThan(-1);
    const lines = text.slice(start).split("\n");
    const first = lines.findIndex((line) => line.trimStart().startsWith("|"));
    const end = lines.findIndex((line, i) => i > first && !line.trimStart().startsWith("|"));
    const table = lines.slice(first, end);
    return table.slice(2).map((line) =>
      line
        .split("|")
        .map((cell) => cell.trim())
        .slice(1, -1),
    );
  };

  it("the rules table is what `contract check --list-rules` prints", async () => {
    const io = captureIO(repo);
    expect(await runCli(["check", "--list-rules", "--format", "json"], io)).toBe(0);
    const rules = (JSON.parse(io.out) as Array<{ code: string; severity: string; blocksGen: boolean }>).map(
      (rule) => [`\`${rule.code}\``, rule.severity, rule.blocksGen ? "refuses" : "prints, proceeds"],
    );
    expect(rows("| rule | severity | `gen` |").sort()).toEqual(rules.sort());
  });

  it("the signature preset table names every preset `--signature` takes", () => {
    const documented = rows("| provider | preset | you configure | tested against |")
      .map((cells) => cells[1] ?? "")
      .filter((preset) => /^`[a-z-]+`$/.test(preset))
      .map((preset) => preset.replaceAll("`", ""));
    expect(documented.sort()).toEqual(["standard-webhooks", "github", "stripe", ...PRESET_NAMES].sort());
  });
});

describe("the tarballs the READMEs install", () => {
  /** `@contract/*` packages a package needs at run time, itself included, following their dependencies. */
  const needs = (name: string, seen = new Set<string>()): Set<string> => {
    if (seen.has(name)) return seen;
    seen.add(name);
    const manifest = JSON.parse(read(`packages/${name}/package.json`)) as {
      dependencies?: Record<string, string>;
    };
    for (const dependency of Object.keys(manifest.dependencies ?? {}))
      if (dependency.startsWith("@contract/")) needs(dependency.replace("@contract/", ""), seen);
    return seen;
  };

  it.each(["README.md", "packages/cli/README.md"])(
    "%s installs every @contract package the CLI depends on (npm would look the others up in the registry)",
    (doc) => {
      const installs = [...read(doc).matchAll(/contract-\{([a-z,]+)\}-[\d.]+\.tgz/g)];
      expect(installs.length).toBeGreaterThan(0);
      for (const install of installs)
        expect((install[1] ?? "").split(",").sort()).toEqual([...needs("cli")].sort());
    },
  );
});
