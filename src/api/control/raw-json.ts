/**
 * JSON in and out for raw control routes (routes that write their own
 * response, src/api/control/server.ts `RawControlRoute`): one place for the
 * answer's headers, the error shape the JSON API uses, and a body read that
 * stops at a limit instead of buffering whatever a client sends.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Answers `status` with `body` as JSON, never cached. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
}

/** Answers `status` with the control API's error shape `{ error: { code, message } }`. */
export function sendJsonError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { error: { code, message } });
}

/** The request body as text, or null (and the request dropped) once it passes `maxBytes`. */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBytes) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
