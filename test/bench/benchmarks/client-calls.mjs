/** Generated client vs openapi-fetch vs raw fetch, sequential calls to a local server. */
import { callsBenchmark } from "../client/calls.mjs";

export default callsBenchmark("client-calls", 1);
