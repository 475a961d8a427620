/**
 * The API the client benchmarks call: every request gets the same small JSON array, as a real list
 * endpoint would answer. Prints `ready <port>` once listening.
 */
import { createServer } from "node:http";

const body = JSON.stringify([
  { id: 1, name: "Rex", species: "dog", tags: ["good"] },
  { id: 2, name: "Tom", species: "cat", tags: [] },
]);

const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => process.stdout.write(`ready ${server.address().port}\n`));
