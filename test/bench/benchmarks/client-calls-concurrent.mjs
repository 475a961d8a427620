/** Generated client vs openapi-fetch vs raw fetch, 16 calls in flight against a local server. */
import { callsBenchmark } from "../client/calls.mjs";

export default callsBenchmark("client-calls-concurrent", 16);
