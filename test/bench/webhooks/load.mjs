/**
 * Load generator, in its own process (forked with IPC). Keeps `connections` keep-alive sockets busy,
 * one request in flight per socket, with pre-serialized requests (raw HTTP/1.1 over `net`, so the
 * client costs as little as possible). Each request gets a fresh X-GitHub-Delivery id (the
 * signature does not cover it), so de-duplication never short-cuts the work.
 *   parent → { port, count, connections }    child → { ok, statuses, ms }
 */
import { connect } from "node:net";

let deliveries = [];

process.on("message", async (message) => {
  if (message.type === "load") {
    deliveries = message.deliveries.map((d) => ({
      head: `POST / HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\nuser-agent: GitHub-Hookshot/bench\r\nx-github-event: ${d.event}\r\nx-hub-signature-256: ${d.signature}\r\ncontent-length: ${Buffer.byteLength(d.body)}\r\n`,
      body: Buffer.from(d.body),
    }));
    process.send({ type: "loaded" });
    return;
  }
  if (message.type === "run") {
    const started = performance.now();
    const statuses = await run(message.port, message.count, message.connections);
    process.send({ type: "done", ms: performance.now() - started, statuses });
  }
});

function run(port, count, connections) {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let done = 0;
    const statuses = {};
    let open = 0;
    const finish = () => {
      if (done === count) resolve(statuses);
    };
    for (let c = 0; c < Math.min(connections, count); c++) {
      open++;
      const socket = connect(port, "127.0.0.1");
      socket.setNoDelay(true);
      let buffer = Buffer.alloc(0);
      const next = () => {
        if (sent >= count) {
          socket.end();
          return;
        }
        const i = sent++;
        const d = deliveries[i % deliveries.length];
        socket.cork();
        socket.write(`${d.head}x-github-delivery: bench-${process.pid}-${i}-${Date.now()}\r\n\r\n`);
        socket.write(d.body);
        socket.uncork();
      };
      socket.on("connect", next);
      socket.on("data", (chunk) => {
        buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
        for (;;) {
          const end = buffer.indexOf("\r\n\r\n");
          if (end < 0) return;
          const head = buffer.subarray(0, end).toString("latin1");
          const status = Number(head.slice(9, 12));
          const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
          let total;
          if (length) total = end + 4 + Number(length[1]);
          else {
            const last = buffer.indexOf("\r\n0\r\n\r\n", end);
            if (last < 0) return;
            total = last + 7;
          }
          if (buffer.length < total) return;
          buffer = buffer.subarray(total);
          statuses[status] = (statuses[status] ?? 0) + 1;
          done++;
          if (done === count) {
            finish();
            socket.end();
            return;
          }
          next();
        }
      });
      socket.on("error", reject);
      socket.on("close", () => {
        open--;
        if (open === 0 && done < count)
          reject(new Error(`connections closed after ${done} of ${count} responses`));
      });
    }
  });
}
