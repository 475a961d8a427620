/**
 * Main-thread side of the generators' worker: starts one worker thread with a structured clone of
 * the bundled document and the jobs it runs, and hands out each generator's outcome as it arrives.
 *
 * A worker that cannot start or dies (out of memory, a crash outside a generator) does not fail the
 * run: the generators it had not finished are reported `lost`, and the pipeline runs them on the
 * main thread instead. A generator's own failure is carried back as what it threw.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Diagnostic } from "@contract/core";
import type { GeneratedFile } from "../generator.js";
import { deserializeError, type WorkerInput, type WorkerMessage } from "./messages.js";

export type WorkerOutcome =
  | { kind: "done"; files: GeneratedFile[]; reports: Diagnostic[]; ms: number }
  | { kind: "failed"; error: Error; reports: Diagnostic[]; ms: number }
  /** The worker stopped before this generator finished: run it on the main thread. */
  | { kind: "lost" };

export interface WorkerRun {
  /** Names of the generators the worker runs. */
  readonly names: ReadonlySet<string>;
  outcome(name: string): Promise<WorkerOutcome>;
  /** Stops the worker if it is still running (a failure elsewhere, or validation refused the spec). */
  stop(): Promise<void>;
}

const WORKER_FILE = new URL("./worker.js", import.meta.url);

/**
 * Whether the worker's compiled entry exists next to this module. It does in the built package;
 * not when this module runs from its TypeScript source (the tests), where everything runs here.
 */
export const workerAvailable = (): boolean =>
  WORKER_FILE.protocol === "file:" && existsSync(fileURLToPath(WORKER_FILE));

export function startWorker(input: WorkerInput): WorkerRun {
  const names = new Set(input.jobs.map((job) => job.name));
  const settle = new Map<string, (outcome: WorkerOutcome) => void>();
  const outcomes = new Map<string, Promise<WorkerOutcome>>();
  for (const name of names)
    outcomes.set(name, new Promise<WorkerOutcome>((resolve) => settle.set(name, resolve)));
  const loseRest = () => {
    for (const resolve of settle.values()) resolve({ kind: "lost" });
    settle.clear();
  };

  let worker: Worker | undefined;
  let exited: Promise<void> = Promise.resolve();
  try {
    worker = new Worker(WORKER_FILE, { workerData: input });
  } catch {
    loseRest();
  }
  if (worker !== undefined) {
    const started = worker;
    exited = new Promise<void>((resolve) => started.once("exit", () => resolve()));
    started.on("message", (message: WorkerMessage) => {
      const resolve = settle.get(message.name);
      if (resolve === undefined) return;
      settle.delete(message.name);
      resolve(
        message.ok
          ? { kind: "done", files: message.files, reports: message.reports, ms: message.ms }
          : {
              kind: "failed",
              error: deserializeError(message.error),
              reports: message.reports,
              ms: message.ms,
            },
      );
    });
    // An error outside the generators (or the worker's heap limit): what is left runs here.
    started.on("error", loseRest);
    started.on("exit", loseRest);
  }
  return {
    names,
    outcome: (name) => outcomes.get(name) ?? Promise.resolve({ kind: "lost" }),
    async stop() {
      if (worker === undefined) return;
      const running = worker;
      worker = undefined;
      await running.terminate();
      await exited;
    },
  };
}
