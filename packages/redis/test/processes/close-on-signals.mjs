/**
 * `closeOnSignals` in a process of its own, with the default exit: one closeable whose close
 * resolves, or rejects when CLOSE_FAILS is set. Prints `ready` once its signal listeners are on.
 */
import { closeOnSignals } from "@contract/redis";

const closeable = {
  async close() {
    if (process.env.CLOSE_FAILS) throw new Error("the connection was reset while closing");
  },
};
closeOnSignals([closeable], { graceMs: 5000 });
process.stdout.write("ready\n");
// Kept alive until a signal ends it.
setInterval(() => {}, 60_000);
