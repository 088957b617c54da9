import { Injectable } from '@nestjs/common';
import { AppConfig, Clock, NotFoundError, ValidationError } from '@app/common';
import { formatVerificationCode, parseVerificationCode } from '../codes/verification-code';
import { statusOn, vietnamDay } from '../issuing/certificate-snapshot';
import { verifyUrl } from '../issuing/certificate-pdfs';
import { CertificateRepository } from '../issuing/certificate.repository';
import { VerificationResponse } from './dto/verification.dto';
import { VerificationLimiter } from './verification-limiter';

/** Thrown for a code whose check character is wrong: the page says "check the code" rather than "unknown". */
export class MistypedCodeError extends ValidationError {}

/**
 * Public verification of a code, rate-limited per client address. Accepts the code as typed (dashes, case,
 * look-alikes); a code that cannot be one or whose check character is wrong is a 400 naming `code` (and counts as
 * a miss), an unknown code a 404 (a miss too).
 */
@Injectable()
export class VerificationService {
  constructor(
    private readonly repo: CertificateRepository,
    private readonly limiter: VerificationLimiter,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async verify(input: string, client: string): Promise<VerificationResponse> {
    await this.limiter.admit(client);
    const parsed = parseVerificationCode(input);
    if (!parsed.ok) {
      await this.limiter.miss(client);
      if (parsed.problem === 'mistyped') {
        throw new MistypedCodeError('check the code: one of its characters is mistyped', [
          { field: 'code', reason: 'its check character does not match: a character is mistyped' },
        ]);
      }
      throw new ValidationError('this is not a verification code', [
        { field: 'code', reason: 'must be 28 characters of 0-9 and A-Z (without I, L, O, U), dashes allowed' },
      ]);
    }
    const c = await this.repo.findByCode(parsed.code);
    if (!c) {
      await this.limiter.miss(client);
      throw new NotFoundError('no certificate has this code');
    }
    return {
      status: statusOn(c, vietnamDay(this.clock.now())),
      kind: c.kind,
      code: formatVerificationCode(c.code),
      serial: c.serial,
      personName: c.snapshot.personName,
      title: c.snapshot.title,
      courseCode: c.snapshot.courseCode,
      versionNo: c.snapshot.versionNo,
      issuedOn: c.issuedOn,
      expiresOn: c.expiresOn,
      revokedOn: c.revokedOn,
      replacedBy: c.replacedByCode
        ? { code: formatVerificationCode(c.replacedByCode), url: verifyUrl(this.config.publicUrl, c.replacedByCode) }
        : null,
      authority: { name: c.snapshot.authority.name, placeName: c.snapshot.authority.placeName },
    };
  }
}
