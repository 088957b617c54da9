import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig, Clock, UnauthorizedError } from '@app/common';
import { AccountRepository } from '../accounts/account.repository';
import { Principal } from '../accounts/account.types';

export interface AccessToken {
  accessToken: string;
  /** Seconds until the token expires. */
  expiresIn: number;
}

interface Claims {
  sub: string;
  iat: number;
  exp: number;
}

/** HS256 bearer tokens (`sub` = account id). Time comes from the Clock so tests can expire tokens. */
@Injectable()
export class TokenService {
  private readonly jwt: JwtService;

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly accounts: AccountRepository,
  ) {
    this.jwt = new JwtService({ secret: config.jwtSecret });
  }

  issue(accountId: string): AccessToken {
    const iat = Math.floor(this.clock.now().getTime() / 1000);
    const accessToken = this.jwt.sign(
      { sub: accountId, iat },
      { algorithm: 'HS256', expiresIn: this.config.jwtTtlSeconds },
    );
    return { accessToken, expiresIn: this.config.jwtTtlSeconds };
  }

  /**
   * The principal behind a token, reloaded from the database: a forged, expired or malformed token, a disabled
   * account, or a token issued before the password last changed → UnauthorizedError.
   */
  async authenticate(token: string): Promise<Principal> {
    let claims: Claims;
    try {
      claims = this.jwt.verify<Claims>(token, {
        algorithms: ['HS256'],
        clockTimestamp: Math.floor(this.clock.now().getTime() / 1000),
      });
    } catch (e) {
      const expired = e instanceof Error && e.name === 'TokenExpiredError';
      throw new UnauthorizedError(
        expired ? 'the access token has expired: log in again' : 'the access token is not valid',
      );
    }
    if (typeof claims.sub !== 'string' || !/^[0-9a-f-]{36}$/i.test(claims.sub)) {
      throw new UnauthorizedError('the access token is not valid');
    }
    const principal = await this.accounts.findActivePrincipal(claims.sub);
    if (!principal) throw new UnauthorizedError('the account of this token is disabled or no longer exists');
    if (claims.iat < Math.floor(principal.account.passwordChangedAt.getTime() / 1000)) {
      throw new UnauthorizedError('the password has changed since this token was issued: log in again');
    }
    return principal;
  }
}
