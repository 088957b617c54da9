import { Injectable, Logger } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable, Transform, TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppConfig, NotFoundError, ValidationError } from '@app/common';
import { assertValidKey } from './storage-key';
import {
  ByteRange,
  ObjectStream,
  PayloadTooLargeError,
  PutOptions,
  RangeNotSatisfiableError,
  StorageService,
  StoredObject,
} from './storage.service';

const CONTENT_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*(;\s*[a-z0-9_-]+=[a-z0-9_.-]+)*$/i;

interface Sidecar {
  size: number;
  sha256: string;
  contentType: string;
}

/** Counts and hashes the bytes that pass; fails with PayloadTooLargeError past maxBytes. */
class LimitAndHash extends Transform {
  readonly hash = createHash('sha256');
  size = 0;

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) {
      done(tooLarge(this.maxBytes));
      return;
    }
    this.hash.update(chunk);
    done(null, chunk);
  }
}

function tooLarge(maxBytes: number): PayloadTooLargeError {
  return new PayloadTooLargeError(`The file is larger than the limit of ${maxBytes} bytes`, [
    { field: 'file', reason: `must be at most ${maxBytes} bytes`, limit: maxBytes },
  ]);
}

/**
 * Files under AppConfig.storageDir:
 *   objects/<key>      the content
 *   meta/<key>.json    {size, sha256, contentType}
 *   tmp/<uuid>         uploads in progress (renamed into place when complete)
 * The three trees are separate so no key can collide with a sidecar or a temp file.
 */
@Injectable()
export class LocalDiskStorage extends StorageService {
  private readonly logger = new Logger(LocalDiskStorage.name);
  private readonly root: string;

  constructor(config: AppConfig) {
    super();
    this.root = config.storageDir;
  }

  async put(key: string, data: Buffer | Readable, options: PutOptions): Promise<StoredObject> {
    assertValidKey(key);
    const { contentType, maxBytes } = options;
    if (typeof contentType !== 'string' || !CONTENT_TYPE.test(contentType)) {
      throw new ValidationError('Invalid content type', [{ field: 'contentType', reason: 'must be type/subtype' }]);
    }
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) {
      throw new ValidationError('Invalid size limit', [
        { field: 'maxBytes', reason: 'must be a non-negative integer' },
      ]);
    }
    if (Buffer.isBuffer(data) && data.length > maxBytes) throw tooLarge(maxBytes);

    const tmpDir = join(this.root, 'tmp');
    await mkdir(tmpDir, { recursive: true });
    const tmpData = join(tmpDir, randomUUID());
    const tmpMeta = `${tmpData}.json`;
    const counter = new LimitAndHash(maxBytes);
    try {
      const source = Buffer.isBuffer(data) ? Readable.from([data]) : data;
      await pipeline(source, counter, createWriteStream(tmpData, { flags: 'wx' }));
      const meta: Sidecar = { size: counter.size, sha256: counter.hash.digest('hex'), contentType };
      await writeFile(tmpMeta, JSON.stringify(meta), { flag: 'wx' });
      const dataPath = this.dataPath(key);
      const metaPath = this.metaPath(key);
      await mkdir(dirname(dataPath), { recursive: true });
      await mkdir(dirname(metaPath), { recursive: true });
      // Metadata first: content without metadata is never visible (stat reads the sidecar).
      await rename(tmpMeta, metaPath);
      await rename(tmpData, dataPath);
      return { key, ...meta };
    } catch (e) {
      await rm(tmpData, { force: true }).catch(() => undefined);
      await rm(tmpMeta, { force: true }).catch(() => undefined);
      throw e;
    }
  }

  async getStream(key: string, range?: ByteRange): Promise<ObjectStream> {
    const meta = await this.stat(key);
    if (!meta) throw new NotFoundError('No such file', [{ field: 'key', reason: 'not found' }]);
    if (!range) {
      return { stream: createReadStream(this.dataPath(key)), size: meta.size, contentType: meta.contentType };
    }
    const { start } = range;
    const end = Math.min(range.end, meta.size - 1);
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(range.end) || start < 0 || start > end) {
      throw new RangeNotSatisfiableError('The requested range is outside the file', { size: meta.size });
    }
    return {
      stream: createReadStream(this.dataPath(key), { start, end }),
      size: meta.size,
      contentType: meta.contentType,
      range: { start, end },
    };
  }

  async stat(key: string): Promise<StoredObject | null> {
    assertValidKey(key);
    let meta: Sidecar;
    try {
      meta = JSON.parse(await readFile(this.metaPath(key), 'utf8')) as Sidecar;
      const file = await stat(this.dataPath(key));
      if (!file.isFile()) return null;
      if (file.size !== meta.size) this.logger.warn(`Size mismatch for ${key}: ${file.size} on disk`);
      return { key, size: file.size, sha256: meta.sha256, contentType: meta.contentType };
    } catch (e) {
      if (isMissing(e)) return null;
      throw e;
    }
  }

  async delete(key: string): Promise<boolean> {
    assertValidKey(key);
    const removed = await unlinkIfExists(this.dataPath(key));
    await unlinkIfExists(this.metaPath(key));
    return removed;
  }

  private dataPath(key: string): string {
    return join(this.root, 'objects', key);
  }

  private metaPath(key: string): string {
    return join(this.root, 'meta', `${key}.json`);
  }
}

function isMissing(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}

async function unlinkIfExists(path: string): Promise<boolean> {
  try {
    await unlink(path);
    return true;
  } catch (e) {
    if (isMissing(e)) return false;
    throw e;
  }
}
