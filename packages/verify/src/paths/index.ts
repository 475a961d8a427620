export { CredentialError } from "./credentials.js";
export type { VerifyPathsOptions } from "./options.js";
export { UnreachableError, verifyPaths } from "./run.js";
