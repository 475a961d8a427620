/** Exit codes shared by every command: CI scripts depend on them. */
export const EXIT_OK = 0;
/** The command ran and found problems (invalid spec, stale files, breaking changes, non-2xx). */
export const EXIT_FINDINGS = 1;
/** The command could not run: bad flags, unreadable input, broken configuration. */
export const EXIT_USAGE = 2;

/** Thrown by command actions to end with a given code after printing `message` to stderr. */
export class CliExit extends Error {
  constructor(
    readonly code: number,
    message = "",
  ) {
    super(message);
    this.name = "CliExit";
  }
}
