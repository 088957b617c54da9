import { Readable } from 'node:stream';
import { DomainError, ValidationError } from '@app/common';
import { peekStream, sniffContentType, SNIFF_BYTES, StorageService, StoredObject } from '@app/storage';

/** The largest evidence file (a scanned certificate or decision): 10 MB. */
export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;

/** What evidence may be: judged from the content, never from the name. */
export const EVIDENCE_TYPES: readonly string[] = ['application/pdf', 'image/jpeg', 'image/png'];

/** 415: the uploaded evidence is not a PDF, JPEG or PNG (by its content). */
export class EvidenceTypeError extends DomainError {
  readonly code = 'UNSUPPORTED_MEDIA_TYPE';
  readonly status = 415;
}

/** An uploaded file as the libraries take it: its name as sent and its bytes, still unread. */
export interface EvidenceUpload {
  originalName: string;
  stream: Readable;
}

/** Stores the evidence under `key` after sniffing its first bytes; 400 when missing, 415 for another kind, 413 past the limit. */
export async function storeEvidence(
  storage: StorageService,
  key: string,
  upload: EvidenceUpload | null | undefined,
): Promise<StoredObject> {
  if (!upload) {
    throw new ValidationError('file: attach the certificate or decision (PDF, JPEG or PNG) in the field "file"', [
      { field: 'file', reason: 'missing' },
    ]);
  }
  const peeked = await peekStream(upload.stream, SNIFF_BYTES);
  const { head, body } = peeked;
  const type = sniffContentType(head, upload.originalName);
  if (!type || !EVIDENCE_TYPES.includes(type)) {
    peeked.discard();
    throw new EvidenceTypeError(`the evidence must be a PDF, JPEG or PNG file (this one is ${type ?? 'unknown'})`, [
      { field: 'file', reason: 'must be a PDF, JPEG or PNG file', detected: type },
    ]);
  }
  return storage.put(key, body, { contentType: type, maxBytes: MAX_EVIDENCE_BYTES });
}
