/** Type-check cost of the generated GitHub client vs openapi-fetch and hey-api (see ../client/tsc.mjs). */
export { default } from "../client/tsc.mjs";
