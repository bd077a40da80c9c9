import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Where a server listens once it does: the bound address, port and the http:// root URL. */
export interface ListeningAt {
  readonly host: string;
  readonly port: number;
  /** `http://host:port` (IPv6 hosts bracketed). */
  readonly root: string;
}

/** Listens on host:port (0: any free port); rejects with the listen error (port taken, address not local). */
export async function listenOn(server: Server, host: string, port: number, backlog?: number): Promise<ListeningAt> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host, ...(backlog === undefined ? {} : { backlog }) }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const hostInUrl = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return { host: addr.address, port: addr.port, root: `http://${hostInUrl}:${addr.port}` };
}
