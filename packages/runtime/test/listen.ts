/** A test server on a free loopback port, and a close that does not wait for idle keep-alive sockets. */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface Running {
  url: string;
  close(): Promise<void>;
}

export const listen = (server: Server): Promise<Running> =>
  new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
