import type http from 'node:http';
import type { Fault } from './scenario';
import type { Frame } from './dialect';

/**
 * Writes a dialect's frames as server-sent events, with the faults that concern a stream: a cut
 * stream sends its first frames and then loses the connection, a hanging one sends them and then
 * nothing. Either way the closing frames (finish reason, usage) never go out.
 */

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function sseText(frame: Frame): string {
  const data = typeof frame.data === 'string' ? frame.data : JSON.stringify(frame.data);
  return `${frame.event ? `event: ${frame.event}\n` : ''}data: ${data}\n\n`;
}

export async function writeSse(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  frames: Frame[],
  fault: Fault | null,
  serverClosing: () => boolean,
): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  let gone = false;
  res.on('close', () => (gone = true));
  const body = fault === 'cut' || fault === 'hang' ? frames.filter((f) => !f.closing) : frames;
  for (const frame of body) {
    if (gone || serverClosing()) return;
    if (frame.delayMs) await sleep(frame.delayMs);
    res.write(sseText(frame));
  }
  if (fault === 'cut') {
    await sleep(20);
    req.socket.destroy();
    return;
  }
  // A hanging response stays open until the client gives up or the server closes.
  if (fault === 'hang') return;
  res.end();
}
