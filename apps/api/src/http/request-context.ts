import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

declare module 'express-serve-static-core' {
  interface Request {
    id: string;
  }
}

const SAFE_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Gives every request an id (X-Request-Id in and out) used by logs, errors and the audit log. */
export function requestId(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.header('x-request-id');
  req.id = incoming && SAFE_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Request-Id', req.id);
  next();
}

/** API routes answer JSON; everything else is a page. */
export const isApiRequest = (req: Request): boolean =>
  req.path.startsWith('/api/') || req.path === '/api' || req.path.startsWith('/health');
