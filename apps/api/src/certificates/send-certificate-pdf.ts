import type { Response } from 'express';
import { Actor } from '@app/common';
import { CertificatesService } from '@app/certificates';
import { sendDownload } from '../http/send-download';

/** Streams a certificate's PDF (inline, sandboxed, not cached by shared caches) to a caller the service allows. */
export async function sendCertificatePdf(
  certificates: CertificatesService,
  actor: Actor,
  id: string,
  res: Response,
): Promise<void> {
  await sendDownload(await certificates.pdf(actor, id), res);
}
