import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { cookieOf } from './request-auth';

export const LOGIN_CSRF_COOKIE = 'moc_login_csrf';

export const sameToken = (a: string | undefined, b: string | undefined): boolean => {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

const sign = (secret: string, nonce: string): string =>
  createHmac('sha256', secret).update(`login-csrf:${nonce}`).digest('base64url');

/**
 * CSRF for the anonymous login form, before any session exists: a signed double-submit. A random nonce goes
 * in an HttpOnly SameSite cookie and HMAC(session secret, nonce) in the form; a forged cross-site post has
 * neither, and a cookie planted from a sibling host cannot be paired with a valid form value without the secret.
 */
export function issueLoginCsrf(req: Request, res: Response, secret: string, secure: boolean): string {
  let nonce = cookieOf(req, LOGIN_CSRF_COOKIE);
  if (!nonce || !/^[A-Za-z0-9_-]{32}$/.test(nonce)) {
    nonce = randomBytes(24).toString('base64url');
    res.cookie(LOGIN_CSRF_COOKIE, nonce, {
      httpOnly: true,
      sameSite: 'lax',
      secure,
      path: '/login',
      maxAge: 2 * 3600_000,
    });
  }
  return sign(secret, nonce);
}

export function checkLoginCsrf(req: Request, secret: string, token: string | undefined): boolean {
  const nonce = cookieOf(req, LOGIN_CSRF_COOKIE);
  return !!nonce && sameToken(token, sign(secret, nonce));
}
