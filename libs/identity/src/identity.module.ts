import { Global, Module } from '@nestjs/common';
import { OrgModule } from '@app/org';
import { AccountRepository } from './accounts/account.repository';
import { AccountsService } from './accounts/accounts.service';
import { AuthService } from './auth/auth.service';
import { LoginFailureRepository } from './auth/login-failure.repository';
import { LoginLockService } from './auth/login-lock.service';
import { PrincipalCache } from './auth/principal-cache';
import { TokenService } from './auth/token.service';
import { FirstAdminBootstrap } from './bootstrap/first-admin';
import { PEOPLE_ACCOUNT_EXPORTS, PEOPLE_ACCOUNT_PROVIDERS } from './invitations/invitation.providers';
import { SessionRepository } from './sessions/session.repository';
import { SessionService } from './sessions/session.service';
import { TotpService } from './totp/totp.service';
import { GrantUnitSuccessionListener } from './accounts/unit-succession.listener';

/**
 * Accounts, grants, logins, tokens, web sessions and TOTP. Global so that the HTTP guards (used by every
 * context's controllers) can inject TokenService and SessionService wherever they are declared.
 */
@Global()
@Module({
  imports: [OrgModule],
  providers: [
    AccountRepository,
    SessionRepository,
    LoginFailureRepository,
    AccountsService,
    LoginLockService,
    AuthService,
    TokenService,
    PrincipalCache,
    SessionService,
    TotpService,
    FirstAdminBootstrap,
    GrantUnitSuccessionListener,
    ...PEOPLE_ACCOUNT_PROVIDERS,
  ],
  exports: [
    AccountsService,
    AuthService,
    LoginLockService,
    TokenService,
    SessionService,
    TotpService,
    ...PEOPLE_ACCOUNT_EXPORTS,
  ],
})
export class IdentityModule {}
