import type { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { Actor } from '@app/common';
import { downloadHeaders } from '@app/storage';
import { ExternalTrainingService } from '@app/training';

/** Streams a record's evidence (inline for PDF and images, sandboxed, never cached by shared caches). */
export async function sendEvidence(
  records: ExternalTrainingService,
  actor: Actor,
  id: string,
  res: Response,
): Promise<void> {
  const file = await records.evidence(actor, id);
  for (const [name, value] of Object.entries(downloadHeaders(file, file.filename))) res.setHeader(name, value);
  res.setHeader('Cache-Control', 'private, no-store');
  res.setHeader('Content-Length', String(file.size));
  await pipeline(file.stream, res);
}
