/** The `--format` choices of `contract diff`: a module of its own so that registering the command imports no formatter. */
export const DIFF_FORMATS = ["human", "json", "markdown", "github"] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];
