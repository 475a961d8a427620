/**
 * Entry of the generators' worker thread: normalizes the document it was handed (as the main
 * thread does) and runs the generators it was given, one after the other, posting each one's files
 * or failure as soon as it is done. See ./worker-host.ts.
 */
import { parentPort, workerData } from "node:worker_threads";
import { buildIR, type Diagnostic, type OpenApiDocument } from "@contract/core";
import type { GenerateContext } from "../generator.js";
import { serializeError, type WorkerInput, type WorkerMessage } from "./messages.js";
import { WORKER_GENERATORS } from "./worker-generators.js";

const input = workerData as WorkerInput;
const port = parentPort;
if (port === null) throw new Error("generators worker: not started as a worker thread");

const ir = buildIR(input.document as OpenApiDocument);
// The clone is reachable from the IR only where generators need it; drop the handle to the rest.
input.document = undefined;
for (const job of input.jobs) {
  const load = WORKER_GENERATORS[job.name];
  if (load === undefined) throw new Error(`generators worker: ${job.name} cannot run on a worker thread`);
  const generator = await load();
  const reports: Diagnostic[] = [];
  const context: GenerateContext = {
    ir,
    generatorVersion: input.generatorVersion,
    report: (diagnostic) => reports.push(diagnostic),
    ...(input.outDir !== undefined ? { outDir: input.outDir } : {}),
    ...(input.defaultHandlersDir !== undefined ? { defaultHandlersDir: input.defaultHandlersDir } : {}),
  };
  const started = performance.now();
  let message: WorkerMessage;
  try {
    const files = await generator.generate(context, job.options);
    message = { name: job.name, ok: true, files, reports, ms: performance.now() - started };
  } catch (error) {
    message = {
      name: job.name,
      ok: false,
      error: serializeError(error),
      reports,
      ms: performance.now() - started,
    };
  }
  port.postMessage(message);
}
