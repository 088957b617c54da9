import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import { AppConfig, Clock, UnauthorizedError } from '@app/common';
import { AccountRepository } from '../accounts/account.repository';
import { Principal } from '../accounts/account.types';
import { PrincipalCache } from './principal-cache';

export interface AccessToken {
  accessToken: string;
  /** Seconds until the token expires. */
  expiresIn: number;
}

interface Claims {
  sub?: unknown;
  iat?: unknown;
  exp?: unknown;
}

interface CheckedClaims {
  sub: string;
  iat: number;
  exp: number;
}

const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

/** Tokens whose signature has been checked, kept at most (the oldest goes first). */
const CHECKED_TOKENS_MAX = 10_000;

/** HS256 bearer tokens (`sub` = account id). Time comes from the Clock so tests can expire tokens. */
@Injectable()
export class TokenService {
  private readonly jwt: JwtService;
  private readonly checked = new Map<string, CheckedClaims>();

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly accounts: AccountRepository,
    private readonly principals: PrincipalCache,
  ) {
    // A KeyObject made once: given the string, jsonwebtoken tries to parse it as a PEM public key on every verify
    // (an exception each time) before it falls back to an HMAC secret.
    this.jwt = new JwtService({ secret: createSecretKey(Buffer.from(config.jwtSecret, 'utf8')) });
  }

  issue(accountId: string): AccessToken {
    const nowMs = this.clock.now().getTime();
    // iat keeps the milliseconds (a NumericDate may be non-integer, RFC 7519 §2): a token issued just after a
    // disable, password or grant change in the same second lives, one issued just before it does not.
    const iat = nowMs / 1000;
    const exp = Math.floor(nowMs / 1000) + this.config.jwtTtlSeconds;
    const accessToken = this.jwt.sign({ sub: accountId, iat, exp }, { algorithm: 'HS256' });
    return { accessToken, expiresIn: this.config.jwtTtlSeconds };
  }

  /**
   * The principal behind a token, from the database (kept up to PRINCIPAL_TTL_MS, see PrincipalCache): a forged,
   * expired or malformed token (without `exp` or `iat` too), a disabled account, or a token issued before the
   * account was last disabled, its password changed or its permissions changed (tokens_valid_after)
   * → UnauthorizedError.
   */
  async authenticate(token: string): Promise<Principal> {
    const claims = this.checkedClaims(token);
    const principal = await this.activePrincipal(claims.sub);
    if (!principal) throw new UnauthorizedError('the account of this token is disabled or no longer exists');
    if (Math.round(claims.iat * 1000) < principal.account.tokensValidAfter.getTime()) {
      throw new UnauthorizedError(
        'the account was disabled, or its password or permissions changed, since this token was issued: log in again',
      );
    }
    return principal;
  }

  /**
   * The token's claims once its signature and form have been checked. A token that passed is remembered (its text
   * is the key, so the signature check would give the same answer again) and only its expiry is checked again.
   */
  private checkedClaims(token: string): CheckedClaims {
    const nowSeconds = Math.floor(this.clock.now().getTime() / 1000);
    const known = this.checked.get(token);
    if (known) {
      if (nowSeconds >= known.exp) throw new UnauthorizedError('the access token has expired: log in again');
      return known;
    }
    let claims: Claims;
    try {
      claims = this.jwt.verify<Claims>(token, { algorithms: ['HS256'], clockTimestamp: nowSeconds });
    } catch (e) {
      const expired = e instanceof Error && e.name === 'TokenExpiredError';
      throw new UnauthorizedError(
        expired ? 'the access token has expired: log in again' : 'the access token is not valid',
      );
    }
    if (typeof claims.sub !== 'string' || !/^[0-9a-f-]{36}$/i.test(claims.sub)) {
      throw new UnauthorizedError('the access token is not valid');
    }
    // Without exp a token would live forever; without iat it could not be revoked.
    if (!isTime(claims.exp) || !isTime(claims.iat)) {
      throw new UnauthorizedError('the access token is not valid: it must carry exp and iat');
    }
    const checked = { sub: claims.sub, iat: claims.iat, exp: claims.exp };
    if (this.checked.size >= CHECKED_TOKENS_MAX) {
      const oldest = this.checked.keys().next().value;
      if (oldest !== undefined) this.checked.delete(oldest);
    }
    this.checked.set(token, checked);
    return checked;
  }

  private async activePrincipal(accountId: string): Promise<Principal | null> {
    const cached = this.principals.get(accountId);
    if (cached) return cached;
    const loadedAt = this.clock.now();
    const principal = await this.accounts.findActivePrincipal(accountId);
    if (principal) this.principals.set(principal, loadedAt);
    return principal;
  }
}
