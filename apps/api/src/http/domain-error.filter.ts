import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { DomainError, TooManyAttemptsError } from '@app/common';
import { errorPageModel } from '../web/error-page';
import { isApiRequest } from './request-context';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: unknown;
  errorId?: string;
}

interface BodyParserError {
  type?: string;
  status?: number;
  expose?: boolean;
  message: string;
  limit?: number;
}

const reason = (status: number): string =>
  (HttpStatus[status] ?? 'Error')
    .toString()
    .toLowerCase()
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');

/** Whole seconds to wait, for the Retry-After header of a 429 whose details say so (login lock, registration). */
export function retryAfterOf(exception: unknown): number | null {
  if (!(exception instanceof TooManyAttemptsError)) return null;
  const seconds = (exception.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : null;
}

/**
 * The one exception filter: JSON {statusCode, error, message, details?} under /api and /health,
 * an HTML error page elsewhere. A 500 is logged with an error id and never shows a stack trace.
 */
@Catch()
export class DomainErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    const body = this.toBody(exception, req);
    if (res.headersSent) {
      res.end();
      return;
    }
    const retryAfter = retryAfterOf(exception);
    if (retryAfter !== null) res.setHeader('Retry-After', String(retryAfter));
    if (body.statusCode === 401 && exception instanceof DomainError && exception.details === 'web-login') {
      res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
      return;
    }
    if (isApiRequest(req) || !req.accepts('html')) {
      res.status(body.statusCode).json(body);
    } else {
      // The page speaks the reader's language: a heading and explanation by status, field problems by their labels.
      const locals = res.locals as Record<string, unknown> | undefined; // the last resort never throws
      const lang = locals?.lang === 'en' ? 'en' : 'vi';
      const page = errorPageModel(lang, body, req.path);
      res.status(body.statusCode).render('error', { title: page.heading, error: body, page, layout: 'layouts/main' });
    }
  }

  private toBody(exception: unknown, req: Request): ErrorBody {
    if (exception instanceof DomainError) {
      const body: ErrorBody = { statusCode: exception.status, error: exception.code, message: exception.message };
      if (exception.details !== undefined && exception.details !== 'web-login') body.details = exception.details;
      return body;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const message =
        typeof response === 'object' && response !== null && 'message' in response
          ? response.message
          : exception.message;
      return {
        statusCode: status,
        error: reason(status),
        message: Array.isArray(message) ? message.join('; ') : String(message),
      };
    }
    const parserError = exception as BodyParserError;
    if (parserError && typeof parserError.type === 'string' && parserError.expose && parserError.status) {
      if (parserError.type === 'entity.too.large') {
        return {
          statusCode: 413,
          error: 'Payload Too Large',
          message: `request body is larger than ${parserError.limit ?? 0} bytes`,
        };
      }
      if (parserError.type === 'entity.parse.failed') {
        return { statusCode: 400, error: 'Bad Request', message: `malformed JSON body: ${parserError.message}` };
      }
      return { statusCode: parserError.status, error: reason(parserError.status), message: parserError.message };
    }
    const errorId = randomUUID();
    this.logger.error({ errorId, requestId: req.id, err: exception }, 'unhandled error');
    return { statusCode: 500, error: 'Internal Server Error', message: 'An unexpected error occurred', errorId };
  }
}
