import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { Actor, ConflictError, ForbiddenError, NotFoundError, ValidationError } from '@app/common';
import { UnitOfWork } from '@app/jobs';
import { CourseAccess } from '@app/learning';
import { OrgUnitsService, Policy } from '@app/org';
import { sniffContentType, StorageService } from '@app/storage';
import {
  CertificateAuthorityDto,
  CertificateAuthorityResponse,
  CourseCertificateDto,
  CourseCertificateResponse,
} from '../certificates/dto/certificate.dto';
import { sealImageFormat } from '../pdf/seal-image';
import { AuthorityRepository, AuthorityRow } from './authority.repository';

const SEAL_TYPES = ['image/png', 'image/jpeg'];
/** The largest seal/signature image accepted (the upload route's limit too). */
export const MAX_SEAL_BYTES = 2 * 1024 * 1024;

/**
 * Issuing authorities (a unit's certificate settings: the name as printed, the place, the signatory, a seal image)
 * and which courses issue certificates. An authority is set by those who may manage certificates over the unit;
 * a course's certificate settings by its authors, naming an authority they can see.
 */
@Injectable()
export class AuthoritiesService {
  constructor(
    private readonly repo: AuthorityRepository,
    private readonly units: OrgUnitsService,
    private readonly courses: CourseAccess,
    private readonly storage: StorageService,
    private readonly work: UnitOfWork,
  ) {}

  async get(actor: Actor, unitId: string): Promise<CertificateAuthorityResponse> {
    await this.units.getVisibleUnit(actor, unitId);
    const a = await this.repo.find(unitId);
    if (!a) throw new NotFoundError(`unit ${unitId} is not a certificate authority`);
    return toResponse(a);
  }

  async put(actor: Actor, unitId: string, dto: CertificateAuthorityDto): Promise<CertificateAuthorityResponse> {
    await this.assertManages(actor, unitId);
    const audit = { action: 'certificate.authority.update', entity: 'org_unit', entityId: unitId, details: { ...dto } };
    return this.work.run(actor, { audit }, async ({ manager: m, now }) => {
      if (await this.repo.prefixTaken(m, dto.serialPrefix, unitId)) {
        throw new ConflictError(`serial prefix ${dto.serialPrefix} belongs to another authority`, [
          { field: 'serialPrefix', reason: 'is used by another authority' },
        ]);
      }
      const row = await this.repo.upsert(
        m,
        { unitId, ...dto, parentName: dto.parentName ?? null },
        actor.accountId,
        now,
      );
      return toResponse(row);
    });
  }

  /** Stores the seal/signature image (PNG or JPEG, ≤ 2 MB): printed on certificates issued from now on. */
  async putSeal(
    actor: Actor,
    unitId: string,
    read: (() => Promise<Buffer>) | null,
  ): Promise<CertificateAuthorityResponse> {
    await this.assertManages(actor, unitId);
    if (!read) {
      throw new ValidationError('file: send the image in the field "file"', [{ field: 'file', reason: 'missing' }]);
    }
    const data = await read();
    if (!(await this.repo.find(unitId))) throw new NotFoundError(`unit ${unitId} is not a certificate authority`);
    if (data.length > MAX_SEAL_BYTES) {
      throw new ValidationError('the seal image is larger than 2 MB', [{ field: 'file', reason: 'larger than 2 MB' }]);
    }
    const type = sniffContentType(data, 'seal');
    // sealImageFormat also refuses what the PDF renderer cannot draw safely (truncated or corrupt images).
    if (!type || !SEAL_TYPES.includes(type) || !sealImageFormat(data)) {
      throw new ValidationError('the seal image must be a whole PNG or JPEG', [
        { field: 'file', reason: 'not a PNG or JPEG the certificates can print' },
      ]);
    }
    const key = `certificate-seals/${unitId}/${this.work.now().getTime()}`;
    await this.storage.put(key, Readable.from(data), { contentType: type, maxBytes: MAX_SEAL_BYTES });
    const audit = { action: 'certificate.authority.seal', entity: 'org_unit', entityId: unitId, details: { key } };
    return this.work.run(actor, { audit }, async ({ manager: m }) => {
      await this.repo.setSeal(m, unitId, key);
      return toResponse((await this.repo.find(unitId, m))!);
    });
  }

  async getCourse(actor: Actor, courseId: string): Promise<CourseCertificateResponse> {
    await this.courses.authorCourse(actor, courseId);
    const c = await this.repo.findCourse(courseId);
    if (!c) throw new NotFoundError(`course ${courseId} issues no certificates`);
    return c;
  }

  async putCourse(actor: Actor, courseId: string, dto: CourseCertificateDto): Promise<CourseCertificateResponse> {
    await this.courses.authorCourse(actor, courseId);
    await this.units.getVisibleUnit(actor, dto.authorityUnitId).catch(() => {
      throw new ValidationError('the authority is not a unit you can see', [
        { field: 'authorityUnitId', reason: 'unknown unit' },
      ]);
    });
    const audit = (row: CourseCertificateResponse) => ({
      action: 'course.certificate.update',
      entity: 'course',
      entityId: courseId,
      details: { ...row },
    });
    return this.work.run(actor, { audit }, async ({ manager: m, now }) => {
      if (!(await this.repo.find(dto.authorityUnitId, m))) {
        throw new ValidationError('the unit has no certificate-authority settings yet', [
          { field: 'authorityUnitId', reason: 'is not a certificate authority' },
        ]);
      }
      const row = await this.repo.upsertCourse(
        m,
        {
          courseId,
          authorityUnitId: dto.authorityUnitId,
          validityMonths: dto.validityMonths ?? null,
          enabled: dto.enabled ?? true,
        },
        actor.accountId,
        now,
      );
      return row;
    });
  }

  private async assertManages(actor: Actor, unitId: string): Promise<void> {
    await this.units.getVisibleUnit(actor, unitId);
    if (!(await this.units.canActOn(actor, unitId, Policy.CertificateManage))) {
      throw new ForbiddenError('only administrators and organisers of the unit set its certificates');
    }
  }
}

function toResponse(a: AuthorityRow): CertificateAuthorityResponse {
  return {
    unitId: a.unitId,
    serialPrefix: a.serialPrefix,
    parentName: a.parentName,
    name: a.name,
    placeName: a.placeName,
    signatoryTitle: a.signatoryTitle,
    signatoryName: a.signatoryName,
    hasSeal: a.sealKey !== null,
  };
}
