import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import multer, { MulterError } from 'multer';
import { ValidationError } from '@app/common';
import { MAX_ROSTER_UPLOAD_BYTES, RosterUploadTooLargeError } from '@app/org';

const upload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: MAX_ROSTER_UPLOAD_BYTES, files: 1 },
}).single('file');

/**
 * Parses the multipart form of the import page BEFORE the guards run, so WebSessionGuard finds the `_csrf` field
 * in the body like on any other form. Oversized files become the same 413 as the API's.
 */
@Injectable()
export class RosterUploadMiddleware implements NestMiddleware {
  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    await new Promise<void>((done, fail) =>
      upload(req, res, (err: unknown) => {
        if (!err) return done();
        if (err instanceof MulterError && err.code === 'LIMIT_FILE_SIZE') return fail(new RosterUploadTooLargeError());
        if (err instanceof MulterError) {
          return fail(new ValidationError(`file: ${err.message}`, [{ field: 'file', reason: err.message }]));
        }
        fail(err instanceof Error ? err : new Error('multipart upload failed'));
      }),
    );
    next();
  }
}
