import { Injectable } from '@nestjs/common';
import { IsUUID, Matches } from 'class-validator';
import { JobContext, JobHandler, RegisterJobHandler, validatePayloadWith } from '@app/jobs';
import { CertificateIssuer } from './certificate-issuer';
import { CertificatePdfs } from './certificate-pdfs';
import { CertificateRepository } from './certificate.repository';

export const ISSUE_CERTIFICATE_JOB = 'certificates.issue';
export const ISSUE_DUE_CERTIFICATES_JOB = 'certificates.issue-due';
export const RENDER_CERTIFICATES_JOB = 'certificates.render';

/** The business key of an enrolment's certificate job: one job (and one certificate) per enrolment. */
export const issueCertificateKey = (enrolmentId: string): string => `certificate:${enrolmentId}`;

export class IssueCertificatePayload {
  @IsUUID('all', { message: 'enrolmentId must be a UUID' })
  enrolmentId!: string;
}

export class SlotPayload {
  /** What the run is for (a time slot, `boot`, `demo`, a batch id): the business key's distinguishing part. */
  @Matches(/^[A-Za-z0-9:._-]{1,80}$/, { message: 'slot must be 1–80 letters, digits or : . _ -' })
  slot!: string;
}

/**
 * `certificates.issue` (key `certificate:<enrolmentId>`): dispatched in the transaction that completes an
 * enrolment. Issues its certificate (once: see CertificateIssuer) and draws its PDF. Killed half-way it runs
 * again: the certificate is found, and the PDF drawn if it is still missing.
 */
@RegisterJobHandler()
@Injectable()
export class IssueCertificateJob implements JobHandler<IssueCertificatePayload, { certificateId: string | null }> {
  readonly name = ISSUE_CERTIFICATE_JOB;
  readonly maxAttempts = 5;
  readonly validate = validatePayloadWith(IssueCertificatePayload);

  constructor(
    private readonly issuer: CertificateIssuer,
    private readonly repo: CertificateRepository,
    private readonly pdfs: CertificatePdfs,
  ) {}

  async handle(p: IssueCertificatePayload): Promise<{ certificateId: string | null }> {
    await this.issuer.issue([p.enrolmentId]);
    const id = await this.repo.findBySource(`enrolment:${p.enrolmentId}`);
    if (id) await this.pdfs.ensure(id);
    return { certificateId: id };
  }
}

/**
 * `certificates.issue-due`: issues every certificate due and not yet issued (completions from before a course
 * issued certificates, the demo's completions, any job lost), a chunk per transaction, then draws their PDFs.
 */
@RegisterJobHandler()
@Injectable()
export class IssueDueCertificatesJob implements JobHandler<SlotPayload, { issued: number; drawn: number }> {
  readonly name = ISSUE_DUE_CERTIFICATES_JOB;
  readonly maxAttempts = 3;
  readonly backoffMs = 30_000;
  readonly validate = validatePayloadWith(SlotPayload);

  constructor(
    private readonly issuer: CertificateIssuer,
    private readonly pdfs: CertificatePdfs,
  ) {}

  async handle(_: SlotPayload, ctx: JobContext): Promise<{ issued: number; drawn: number }> {
    const issued = await this.issuer.issueAllDue();
    await ctx.reportProgress(50);
    const drawn = await this.pdfs.renderAllMissing();
    return { issued, drawn };
  }
}

/** `certificates.render`: draws every PDF missing or drawn with an older template (after a template change). */
@RegisterJobHandler()
@Injectable()
export class RenderCertificatesJob implements JobHandler<SlotPayload, { drawn: number }> {
  readonly name = RENDER_CERTIFICATES_JOB;
  readonly maxAttempts = 3;
  readonly backoffMs = 30_000;
  readonly validate = validatePayloadWith(SlotPayload);

  constructor(private readonly pdfs: CertificatePdfs) {}

  async handle(): Promise<{ drawn: number }> {
    return { drawn: await this.pdfs.renderAllMissing() };
  }
}
