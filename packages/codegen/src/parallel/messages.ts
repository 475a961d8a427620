/**
 * What the main thread and the generators' worker thread send each other. Everything is plain data
 * (structured clone): files, diagnostics, and errors taken apart so that the main thread can rebuild
 * the same failure (a ContractError with its located diagnostics, or an error with its pointer).
 */
import { ContractError, type Diagnostic } from "@contract/core";
import type { GeneratedFile } from "../generator.js";

export interface WorkerJob {
  name: string;
  options: Record<string, unknown>;
}

export interface WorkerInput {
  /** The bundled document, structured-cloned (objects reached twice stay shared, as on the main thread). */
  document: unknown;
  jobs: WorkerJob[];
  generatorVersion: string;
  outDir?: string;
  defaultHandlersDir?: string;
}

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  pointer?: string;
  /** Set for a ContractError. */
  diagnostics?: Diagnostic[];
}

export type WorkerMessage =
  | { name: string; ok: true; files: GeneratedFile[]; reports: Diagnostic[]; ms: number }
  | { name: string; ok: false; error: SerializedError; reports: Diagnostic[]; ms: number };

export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: "Error", message: String(error) };
  const pointer = (error as { pointer?: unknown }).pointer;
  return {
    name: error.name,
    message: error.message,
    ...(error.stack !== undefined ? { stack: error.stack } : {}),
    ...(typeof pointer === "string" ? { pointer } : {}),
    ...(error instanceof ContractError ? { diagnostics: error.diagnostics } : {}),
  };
}

/** The error as the generator threw it, as far as the pipeline can tell (see generatorFailure). */
export function deserializeError(data: SerializedError): Error {
  const error =
    data.diagnostics !== undefined
      ? new ContractError(data.message, data.diagnostics)
      : data.name === "RangeError"
        ? new RangeError(data.message)
        : new Error(data.message);
  if (data.diagnostics === undefined && data.name !== "RangeError") error.name = data.name;
  if (data.stack !== undefined) error.stack = data.stack;
  if (data.pointer !== undefined) Object.assign(error, { pointer: data.pointer });
  return error;
}
