import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import multer, { MulterError, StorageEngine } from 'multer';
import type { Readable } from 'node:stream';
import { ValidationError } from '@app/common';

/** The file part of a multipart request, handed to the route still unread. */
export interface PendingUpload {
  originalName: string;
  stream: Readable;
  /** Call once the route is done with the stream (read, refused or not touched): lets the parser finish. */
  settle(): void;
}

const pending = new WeakMap<Request, PendingUpload>();

/** The file the request carries (multipart field `file`), or undefined when it has none. */
export const takeUpload = (req: Request): PendingUpload | undefined => pending.get(req);

const LIMITS = { files: 1, fields: 20, fieldSize: 100_000, parts: 25 };

function multipartProblem(err: unknown): unknown {
  if (err instanceof MulterError) {
    const reason = err.code === 'LIMIT_UNEXPECTED_FILE' ? 'send one file in the field "file"' : err.message;
    return new ValidationError(`file: ${reason}`, [{ field: 'file', reason }]);
  }
  if (err instanceof Error && /multipart|form|boundary/i.test(err.message)) {
    return new ValidationError(`file: malformed multipart body (${err.message})`, [
      { field: 'file', reason: 'malformed multipart body' },
    ]);
  }
  return err;
}

/**
 * Streams uploads instead of buffering them (videos may be 200 MB). It parses a multipart body up to the part
 * named `file`: the fields before it land in req.body (so WebSessionGuard finds `_csrf`, which forms put first),
 * then the request goes on to the guards and the route with the file still unread; the route streams it into
 * storage (takeUpload). Nothing is stored before the guards and the route have accepted the caller, and a file
 * no route consumed (a guard refused) is drained once the response is sent.
 */
@Injectable()
export class CourseUploadMiddleware implements NestMiddleware {
  use(req: Request, res: Response, next: NextFunction): void {
    let handedOver = false;
    const engine: StorageEngine = {
      _handleFile(_req, file, done) {
        handedOver = true;
        let settled = false;
        const settle = (): void => {
          if (settled) return;
          settled = true;
          file.stream.resume();
          done(null, {});
        };
        pending.set(req, { originalName: file.originalname, stream: file.stream, settle });
        res.once('close', settle);
        next();
      },
      _removeFile(_req, _file, done) {
        done(null);
      },
    };
    multer({ storage: engine, limits: LIMITS, defParamCharset: 'utf8' }).single('file')(req, res, (err?: unknown) => {
      // Once the file was handed over, the route answers; a late error (a second file) only stops the parsing.
      if (handedOver) return;
      next(err ? multipartProblem(err) : undefined);
    });
  }
}
