import { Injectable } from '@nestjs/common';
import { Actor, ConflictError, ForbiddenError, NotFoundError, ValidationError } from '@app/common';
import { UnitOfWork } from '@app/jobs';
import { admits, Policy } from '@app/org';
import { AccountRepository } from '../accounts/account.repository';
import { AccountRow } from '../accounts/account.types';
import { TotpEnrolmentResponse } from '../auth/dto/login.dto';
import { generateTotpSecret, otpauthUri, verifyTotp } from './totp';

const wrongCode = (): ValidationError =>
  new ValidationError('code: wrong or expired authentication code', [{ field: 'code', reason: 'wrong or expired' }]);

/** The optional second factor of admin and agency accounts: enrol, confirm with a code, disable with a code. */
@Injectable()
export class TotpService {
  constructor(
    private readonly work: UnitOfWork,
    private readonly accounts: AccountRepository,
  ) {}

  /** A new secret, stored but not active until confirmed. */
  async enrol(actor: Actor): Promise<TotpEnrolmentResponse> {
    if (!admits(actor, Policy.TotpEnrol)) {
      throw new ForbiddenError('two-factor authentication is offered to admin and agency accounts only');
    }
    const account = await this.own(actor);
    if (account.totpEnabled) throw new ConflictError('two-factor authentication is already on: disable it first');
    const secret = generateTotpSecret();
    await this.work.run(actor, ({ manager, now }) =>
      this.accounts.setTotp(manager, account.id, { secret, enabled: false, lastStep: null }, now),
    );
    return { secret, otpauthUri: otpauthUri(secret, account.login) };
  }

  async confirm(actor: Actor, code: string): Promise<void> {
    const account = await this.own(actor);
    if (account.totpEnabled) throw new ConflictError('two-factor authentication is already on');
    if (!account.totpSecret) throw new ConflictError('enrol first: POST /api/v1/auth/totp/enrol');
    const step = verifyTotp(account.totpSecret, code, this.work.now());
    if (step === null) throw wrongCode();
    const audit = { action: 'account.totp_enable', entity: 'account', entityId: account.id };
    const totp = { secret: account.totpSecret, enabled: true, lastStep: step };
    await this.work.run(actor, { audit }, (tx) => this.accounts.setTotp(tx.manager, account.id, totp, tx.now));
  }

  async disable(actor: Actor, code: string): Promise<void> {
    const account = await this.own(actor);
    if (!account.totpEnabled || !account.totpSecret) throw new ConflictError('two-factor authentication is not on');
    if (verifyTotp(account.totpSecret, code, this.work.now(), account.totpLastStep) === null) throw wrongCode();
    const audit = { action: 'account.totp_disable', entity: 'account', entityId: account.id };
    const totp = { secret: null, enabled: false, lastStep: null };
    await this.work.run(actor, { audit }, (tx) => this.accounts.setTotp(tx.manager, account.id, totp, tx.now));
  }

  private async own(actor: Actor): Promise<AccountRow> {
    const account = await this.accounts.findById(actor.accountId);
    if (!account) throw new NotFoundError('account not found');
    return account;
  }
}
