import { plainToInstance } from 'class-transformer';
import { validate, ValidationError as ClassValidatorError } from 'class-validator';
import type { Request, Response } from 'express';
import { AppConfig, DomainError } from '@app/common';
import { SessionService } from '@app/identity';
import { cookieOf, SESSION_COOKIE, sessionCookieOptions } from '../http/auth';

export interface FieldProblem {
  field: string;
  reason: string;
}

/** The string fields of a posted form (anything else reads as ''). */
export function readForm<K extends string>(body: unknown, keys: readonly K[]): Record<K, string> {
  const source = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  return Object.fromEntries(keys.map((k) => [k, typeof source[k] === 'string' ? source[k] : ''])) as Record<K, string>;
}

/** The DTO for a form, or the problems found (the same class-validator rules an API would apply). */
export async function toDto<T extends object>(
  type: new () => T,
  plain: Record<string, unknown>,
): Promise<T | FieldProblem[]> {
  const dto = plainToInstance(type, plain);
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
  const flatten = (list: ClassValidatorError[]): FieldProblem[] =>
    list.flatMap((e) => [
      ...Object.values(e.constraints ?? {}).map((reason) => ({ field: e.property, reason })),
      ...flatten(e.children ?? []),
    ]);
  const problems = flatten(errors);
  return problems.length ? problems : dto;
}

/** A refusal to show next to the form (4xx rule violations); anything else is rethrown for the error filter. */
export function formProblems(e: unknown): { status: number; problems: FieldProblem[] } {
  if (!(e instanceof DomainError) || e.status >= 500 || e.status === 404 || e.status === 410) throw e;
  const details = Array.isArray(e.details) ? (e.details as FieldProblem[]) : [{ field: 'form', reason: e.message }];
  return { status: e.status, problems: details };
}

/** Starts a web session for a new account and sets its cookie (as POST /login does), ending any earlier one. */
export async function logIn(
  req: Request,
  res: Response,
  sessions: SessionService,
  config: AppConfig,
  accountId: string,
): Promise<void> {
  const previous = cookieOf(req, SESSION_COOKIE);
  if (previous) await sessions.destroy(previous);
  const session = await sessions.create(accountId, { ip: req.ip, userAgent: req.header('user-agent') });
  res.cookie(SESSION_COOKIE, session.token, sessionCookieOptions(config));
}
