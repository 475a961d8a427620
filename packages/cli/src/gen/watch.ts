/**
 * `contract gen --watch`: generate once, then again whenever the spec, a file it references
 * (multi-file specs) or the config file changes. Changes are debounced (editors write a file in
 * several steps); each run prints one line with the time, what changed and the outcome. A run whose
 * spec does not load or validate prints its diagnostics and writes nothing, so the last good output
 * stays in place; fixing the file triggers the next run.
 *
 * Folders are watched rather than files: editors that save by writing a new file and renaming it
 * over the old one would end a watch on the file itself.
 */
import { type FSWatcher, watch } from "node:fs";
import { dirname, isAbsolute, join } from "node:path";
import { ConfigError, type ResolvedContract } from "../config.js";
import { EXIT_OK, EXIT_USAGE } from "../exit-codes.js";
import { tellFindings } from "../format/index.js";
import { displayPath } from "../format/paths.js";
import type { CliIO } from "../io.js";
import { genOne } from "./run.js";
import { type GenFlags, resolveTargets } from "./targets.js";

/** Quiet time after the last change before a run starts. */
export const WATCH_DEBOUNCE_MS = 150;

export interface WatchHandle {
  /** Resolves once the watcher is stopped (by `stop()` or SIGINT/SIGTERM). */
  done: Promise<number>;
  stop(): void;
}

export async function runWatch(spec: string | undefined, flags: GenFlags, io: CliIO): Promise<number> {
  const handle = await startWatch(spec, flags, io);
  const stop = () => handle.stop();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  return handle.done;
}

export async function startWatch(spec: string | undefined, flags: GenFlags, io: CliIO): Promise<WatchHandle> {
  let configFile: string | undefined;
  let contracts: ResolvedContract[] = [];
  /** Files each contract was last read from (kept when a run fails to load, so a fix is noticed). */
  const filesOf = new Map<string, Set<string>>();
  const watchers = new Map<string, FSWatcher>();
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  let finish: (code: number) => void = () => {};
  const done = new Promise<number>((resolve) => {
    finish = resolve;
  });

  const time = () => new Date().toTimeString().slice(0, 8);
  const show = (file: string) => displayPath(file, io.cwd);

  const resolve = async (): Promise<boolean> => {
    try {
      ({ configFile, contracts } = await resolveTargets(spec, flags, io.cwd));
      return true;
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      tellFindings(
        io,
        { spec: error.file, diagnostics: error.diagnostics, sourceText: () => error.text, passed: false },
        "config",
      );
      configFile = error.file;
      return false;
    }
  };

  /** One line per contract run: `[time] <what changed>: <outcome>`. */
  const generate = async (contract: ResolvedContract, reason: string) => {
    let summary = "";
    const captured: CliIO = { ...io, stdout: (text) => (summary += text) };
    const code = await genOne(contract, { ...flags, watch: false }, captured, (files) => {
      filesOf.set(contract.name, new Set(files.filter((f) => isAbsolute(f))));
    });
    if (!filesOf.has(contract.name)) filesOf.set(contract.name, new Set([contract.spec]));
    const outcome =
      code === EXIT_OK
        ? summary.trim().replace(/^✓ /, "")
        : `${contract.name}: not generated, the last good output is kept (see above)`;
    io.stdout(`[${time()}] ${reason}: ${outcome}\n`);
  };

  const watched = (): Set<string> => {
    const files = new Set<string>();
    for (const contract of contracts)
      for (const f of filesOf.get(contract.name) ?? [contract.spec]) files.add(f);
    if (configFile) files.add(configFile);
    return files;
  };

  const syncWatchers = () => {
    const folders = new Set([...watched()].map((f) => dirname(f)));
    for (const [folder, watcher] of watchers) {
      if (!folders.has(folder)) {
        watcher.close();
        watchers.delete(folder);
      }
    }
    for (const folder of folders) {
      if (watchers.has(folder)) continue;
      try {
        const watcher = watch(folder, (_event, name) => {
          if (name) changed(join(folder, name.toString()));
        });
        watcher.on("error", () => {});
        watchers.set(folder, watcher);
      } catch {
        // A folder that does not exist (yet): the files in it are reported missing on the next run.
      }
    }
  };

  const changed = (file: string) => {
    if (stopped || !watched().has(file)) return;
    pending.add(file);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const files = pending;
      pending = new Set();
      running = running
        .then(() => rerun(files))
        .catch((error: unknown) => {
          io.stderr(`error: ${(error as Error).message}\n`);
        });
    }, WATCH_DEBOUNCE_MS);
  };

  const rerun = async (files: Set<string>) => {
    if (stopped) return;
    const reason = `${[...files].map(show).sort().join(", ")} changed`;
    if (configFile && files.has(configFile)) {
      if (!(await resolve())) {
        io.stdout(`[${time()}] ${reason}: the config has errors, the last good output is kept (see above)\n`);
        syncWatchers();
        return;
      }
      for (const contract of contracts) await generate(contract, reason);
    } else {
      for (const contract of contracts) {
        const read = filesOf.get(contract.name) ?? new Set([contract.spec]);
        if ([...files].some((f) => read.has(f))) await generate(contract, reason);
      }
    }
    syncWatchers();
  };

  if (!(await resolve()) && contracts.length === 0) {
    if (configFile === undefined) return { done: Promise.resolve(EXIT_USAGE), stop: () => {} };
  }
  for (const contract of contracts) await generate(contract, "start");
  syncWatchers();
  const count = watched().size;
  io.stdout(
    `[${time()}] watching ${count} file${count === 1 ? "" : "s"}${
      contracts.length > 0 ? ` of ${contracts.map((c) => c.name).join(", ")}` : ""
    } (Ctrl-C to stop)\n`,
  );

  return {
    done,
    stop() {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
      void running.then(() => finish(EXIT_OK));
    },
  };
}
