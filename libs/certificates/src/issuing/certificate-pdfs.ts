import { Injectable } from '@nestjs/common';
import { AppConfig, NotFoundError } from '@app/common';
import { StorageService } from '@app/storage';
import { formatVerificationCode } from '../codes/verification-code';
import { CertificatePdfRenderer } from '../pdf/certificate-pdf.renderer';
import { CertificatePrint } from '../pdf/certificate-print';
import { CERTIFICATE_TEMPLATE } from './certificate-snapshot';
import { CertificateRepository, CertificateRow } from './certificate.repository';

const MAX_PDF_BYTES = 20 * 1024 * 1024;
const MAX_SEAL_BYTES = 2 * 1024 * 1024;

/** The public verification URL of a code (what the QR code holds). */
export const verifyUrl = (publicUrl: string, code: string): string =>
  `${publicUrl.replace(/\/+$/, '')}/verify/${formatVerificationCode(code)}`;

/**
 * Certificate PDFs in storage (`certificates/<id>/t<template>.pdf`), drawn from the frozen snapshot. `ensure` draws
 * one when it is missing or drawn with an older template and is idempotent: a retried job draws the same file
 * again under the same key.
 */
@Injectable()
export class CertificatePdfs {
  constructor(
    private readonly repo: CertificateRepository,
    private readonly renderer: CertificatePdfRenderer,
    private readonly storage: StorageService,
    private readonly config: AppConfig,
  ) {}

  /** The storage key of the certificate's current PDF, drawing it first when needed. */
  async ensure(certificateId: string): Promise<string> {
    const row = await this.repo.find(certificateId);
    if (!row) throw new NotFoundError(`certificate ${certificateId} not found`);
    if (row.pdfKey && (row.pdfTemplate ?? 0) >= CERTIFICATE_TEMPLATE) return row.pdfKey;
    const pdf = await this.renderer.render(await this.print(row));
    const key = `certificates/${row.id}/t${CERTIFICATE_TEMPLATE}.pdf`;
    await this.storage.put(key, pdf, { contentType: 'application/pdf', maxBytes: MAX_PDF_BYTES });
    await this.repo.setPdf(row.id, key, CERTIFICATE_TEMPLATE);
    return key;
  }

  /** Draws every PDF that is missing or out of date, oldest first; returns how many were drawn. */
  async renderAllMissing(onProgress?: (done: number) => Promise<void>): Promise<number> {
    let done = 0;
    for (;;) {
      const ids = await this.repo.needingPdf(CERTIFICATE_TEMPLATE, 100);
      if (ids.length === 0) return done;
      for (const id of ids) await this.ensure(id);
      done += ids.length;
      if (onProgress) await onProgress(done);
    }
  }

  /** What the certificate prints: its snapshot, serial and code. */
  async print(row: CertificateRow): Promise<CertificatePrint> {
    const s = row.snapshot;
    return {
      kind: row.kind,
      serial: row.serial,
      code: formatVerificationCode(row.code),
      verifyUrl: verifyUrl(this.config.publicUrl, row.code),
      personName: s.personName,
      unitName: s.unitName,
      roleNames: s.roleNames,
      title: s.title,
      courseCode: s.courseCode,
      versionNo: s.versionNo,
      scorePercent: s.scorePercent,
      issueDate: row.issuedOn,
      expiresOn: row.expiresOn,
      authority: s.authority,
      sealImage: s.sealKey ? await this.readSeal(s.sealKey) : null,
    };
  }

  private async readSeal(key: string): Promise<Buffer | null> {
    try {
      const { stream, size } = await this.storage.getStream(key);
      if (size > MAX_SEAL_BYTES) {
        stream.destroy();
        return null;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    } catch {
      return null; // a missing seal image leaves the space blank rather than failing the certificate
    }
  }
}
