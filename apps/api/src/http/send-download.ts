import type { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { downloadHeaders, ObjectStream } from '@app/storage';

/** Streams a stored file the service allowed (inline only for safe types, sandboxed, never cached by shared caches). */
export async function sendDownload(file: ObjectStream & { filename: string }, res: Response): Promise<void> {
  for (const [name, value] of Object.entries(downloadHeaders(file, file.filename))) res.setHeader(name, value);
  res.setHeader('Cache-Control', 'private, no-store');
  res.setHeader('Content-Length', String(file.size));
  await pipeline(file.stream, res);
}
