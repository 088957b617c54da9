import type { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { Actor } from '@app/common';
import { CertificatesService } from '@app/certificates';
import { downloadHeaders } from '@app/storage';

/** Streams a certificate's PDF (inline, sandboxed, not cached by shared caches) to a caller the service allows. */
export async function sendCertificatePdf(
  certificates: CertificatesService,
  actor: Actor,
  id: string,
  res: Response,
): Promise<void> {
  const pdf = await certificates.pdf(actor, id);
  for (const [name, value] of Object.entries(downloadHeaders(pdf, pdf.filename))) res.setHeader(name, value);
  res.setHeader('Cache-Control', 'private, no-store');
  res.setHeader('Content-Length', String(pdf.size));
  await pipeline(pdf.stream, res);
}
