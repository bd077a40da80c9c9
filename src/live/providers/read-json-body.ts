import type { IncomingMessage } from 'node:http';

/** Why a request body could not be read: the status to answer and a one-line reason. */
export class BodyError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'BodyError';
  }
}

/** Reads a JSON body of at most `maxBytes`; rejects with a BodyError (413 too large, 400 not JSON). */
export function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (b: Buffer) => {
      size += b.length;
      if (size > maxBytes) {
        reject(new BodyError(413, `request body larger than ${maxBytes} bytes`));
        req.destroy();
        return;
      }
      parts.push(b);
    });
    req.on('error', reject);
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(parts).toString('utf8')));
      } catch (err) {
        reject(new BodyError(400, `request body is not JSON: ${(err as Error).message}`));
      }
    });
  });
}
