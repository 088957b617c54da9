import { Readable } from 'node:stream';
import { DomainError } from '@app/common';

export interface PutOptions {
  /** The type the caller decided on (normally from sniffContentType), e.g. `application/pdf`. */
  contentType: string;
  /** Uploads larger than this are refused with a PayloadTooLargeError and leave nothing behind. */
  maxBytes: number;
}

export interface StoredObject {
  key: string;
  size: number;
  /** Lower-case hex SHA-256 of the content, computed while writing. */
  sha256: string;
  contentType: string;
}

/** An inclusive byte range, as in an HTTP `Range: bytes=start-end` header. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface ObjectStream {
  stream: Readable;
  /** The size of the whole object (not of the range): what Content-Range needs. */
  size: number;
  contentType: string;
  /** The range actually served (end clamped to size - 1), when one was asked for. */
  range?: ByteRange;
}

/** 413 for an upload over its limit: the shared domain error, re-exported for callers of the storage. */
export { PayloadTooLargeError } from '@app/common';

/** 416: the requested byte range lies outside the object. */
export class RangeNotSatisfiableError extends DomainError {
  readonly code = 'RANGE_NOT_SATISFIABLE';
  readonly status = 416;
}

/**
 * Where uploaded files live. Keys are relative paths chosen by the caller (e.g. `lessons/<uuid>/<uuid>`),
 * validated by every implementation (assertValidKey). Local disk now, S3-compatible later.
 * The abstract class is the Nest injection token.
 */
export abstract class StorageService {
  /** Stores `data` under `key` (replacing what was there) atomically; nothing is left behind on failure. */
  abstract put(key: string, data: Buffer | Readable, options: PutOptions): Promise<StoredObject>;
  /** Streams the object or a byte range of it. NotFoundError when missing, RangeNotSatisfiableError for a bad range. */
  abstract getStream(key: string, range?: ByteRange): Promise<ObjectStream>;
  /** The object's metadata, or null when there is no such object. */
  abstract stat(key: string): Promise<StoredObject | null>;
  /** Removes the object; true when something was removed, false when it did not exist. */
  abstract delete(key: string): Promise<boolean>;
}
