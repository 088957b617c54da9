import type { NextFunction, Request, Response } from 'express';
import multer, { MulterError, StorageEngine } from 'multer';
import { Readable, Transform, TransformCallback } from 'node:stream';
import { PayloadTooLargeError, ValidationError } from '@app/common';

/** The file part of a multipart request, handed to the route still unread. */
export interface PendingUpload {
  originalName: string;
  /** The file's bytes; fails with the route's "too large" error past its limit. */
  stream: Readable;
  /** Call once the route is done with the stream (read, refused or not touched): lets the parser finish. */
  settle(): void;
}

/** What a route accepts: its byte limit and, if it has its own wording, the error past it (default: a 413). */
export interface UploadLimits {
  maxBytes: number;
  tooLarge?: (maxBytes: number) => Error;
}

const pending = new WeakMap<Request, PendingUpload>();

/** The file the request carries (multipart field `file`), or undefined when it has none. */
export const takeUpload = (req: Request): PendingUpload | undefined => pending.get(req);

/** Runs `use` with the request's file (undefined when it has none), then settles it whatever happened. */
export async function receiveUpload<T>(
  req: Request,
  use: (upload: PendingUpload | undefined) => Promise<T>,
): Promise<T> {
  const upload = takeUpload(req);
  try {
    return await use(upload);
  } finally {
    upload?.settle();
  }
}

const FORM_LIMITS = { files: 1, fields: 20, fieldSize: 100_000, parts: 25 };

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

const defaultTooLarge = (maxBytes: number): Error =>
  new PayloadTooLargeError(`The file is larger than the limit of ${maxBytes} bytes`, [
    { field: 'file', reason: `must be at most ${maxBytes} bytes`, limit: maxBytes },
  ]);

/** Passes bytes through until `maxBytes`, then fails with the route's error. */
class ByteLimit extends Transform {
  private size = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly tooLarge: (maxBytes: number) => Error,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) done(this.tooLarge(this.maxBytes));
    else done(null, chunk);
  }
}

/**
 * THE upload mechanism of the API and the pages (roster import, course files; the routes and their limits are in
 * UploadsModule). Streams uploads instead of buffering them: it parses a multipart body up to the part named
 * `file`: the fields before it land in req.body (so WebSessionGuard finds `_csrf`, which forms put first), then the
 * request goes on to the guards and the route with the file still unread; the route streams it into storage
 * (takeUpload / receiveUpload), and the stream fails with the route's error past its byte limit. Nothing is stored
 * before the guards and the route have accepted the caller, and a file no route consumed (a guard refused) is
 * drained once the response is sent. A request that is not multipart, or has no file, goes on without one.
 */
export function streamedUpload(limits: UploadLimits): (req: Request, res: Response, next: NextFunction) => void {
  if (!Number.isSafeInteger(limits.maxBytes) || limits.maxBytes < 1) throw new Error('maxBytes must be ≥ 1');
  const tooLarge = limits.tooLarge ?? defaultTooLarge;
  return (req, res, next) => {
    let handedOver = false;
    const engine: StorageEngine = {
      _handleFile(_req, file, done) {
        handedOver = true;
        const stream = new ByteLimit(limits.maxBytes, tooLarge);
        let settled = false;
        const settle = (): void => {
          if (settled) return;
          settled = true;
          file.stream.unpipe(stream);
          stream.destroy();
          file.stream.resume();
          done(null, {});
        };
        file.stream.pipe(stream);
        file.stream.once('error', (e) => stream.destroy(e)); // e.g. the client went away mid-file
        stream.once('error', () => {
          // Past the limit (or the consumer gave up): the rest of the part is read and dropped.
          file.stream.unpipe(stream);
          file.stream.resume();
        });
        pending.set(req, { originalName: file.originalname, stream, settle });
        res.once('close', settle);
        next();
      },
      _removeFile(_req, _file, done) {
        done(null);
      },
    };
    multer({ storage: engine, limits: FORM_LIMITS, defParamCharset: 'utf8' }).single('file')(
      req,
      res,
      (err?: unknown) => {
        // Once the file was handed over, the route answers; a late error (a second file) only stops the parsing.
        if (handedOver) return;
        next(err ? multipartProblem(err) : undefined);
      },
    );
  };
}
