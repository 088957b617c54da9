import { Injectable, Logger } from '@nestjs/common';
import { UnitOfWork } from '@app/jobs';
import { demoCourseIds } from '@app/learning';
import { AuthorityRepository } from '../authorities/authority.repository';
import { CertificateIssuer } from '../issuing/certificate-issuer';
import { CertificatePdfs } from '../issuing/certificate-pdfs';

/** The demo province's issuing authority, as printed (Tỉnh Vĩnh Long after the 2025 reform). */
export const DEMO_AUTHORITY = {
  serialPrefix: 'VL',
  parentName: 'ỦY BAN NHÂN DÂN TỈNH VĨNH LONG',
  name: 'SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH',
  placeName: 'Vĩnh Long',
  signatoryTitle: 'GIÁM ĐỐC',
  signatoryName: 'Nguyễn Văn An',
} as const;

/** The demo course's certificates are valid for two years. */
export const DEMO_VALIDITY_MONTHS = 24;

export interface DemoCertificatesReport {
  issued: number;
  drawn: number;
}

/**
 * The demo's certificates: the province becomes an issuing authority (unless it is one already), the demo course
 * issues certificates through it, and the certificates due to the learners who completed the course are issued
 * by the same code as the due-sweep job, with their PDFs. libs/demo runs it after the exams' demo step; idempotent.
 */
@Injectable()
export class DemoCertificatesSeeder {
  private readonly logger = new Logger(DemoCertificatesSeeder.name);

  constructor(
    private readonly authorities: AuthorityRepository,
    private readonly issuer: CertificateIssuer,
    private readonly pdfs: CertificatePdfs,
    private readonly work: UnitOfWork,
  ) {}

  async seed(provinceId: string, signal?: AbortSignal): Promise<DemoCertificatesReport> {
    const { courseId } = demoCourseIds();
    // updated_by is an account id (uuid); the demo's settings are nobody's, so it stays empty.
    await this.work.run(null, async ({ manager: m, now }) => {
      if (!(await this.authorities.find(provinceId, m))) {
        await this.authorities.upsert(m, { unitId: provinceId, ...DEMO_AUTHORITY }, null, now);
      }
      if (!(await this.authorities.findCourse(courseId, m))) {
        await this.authorities.upsertCourse(
          m,
          { courseId, authorityUnitId: provinceId, validityMonths: DEMO_VALIDITY_MONTHS, enabled: true },
          null,
          now,
        );
      }
    });
    signal?.throwIfAborted();
    const issued = await this.issuer.issueAllDue();
    signal?.throwIfAborted();
    const drawn = await this.pdfs.renderAllMissing();
    if (issued > 0) this.logger.log({ issued, drawn }, 'demo certificates issued');
    return { issued, drawn };
  }
}
