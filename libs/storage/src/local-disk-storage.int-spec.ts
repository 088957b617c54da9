import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { AppConfig, ConfigModule, NotFoundError, ValidationError } from '@app/common';
import { LocalDiskStorage } from './local-disk-storage';
import { StorageModule } from './storage.module';
import { PayloadTooLargeError, RangeNotSatisfiableError, StorageService } from './storage.service';

const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

/** Every file under dir, relative, sorted. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

/** A stream of `chunks` chunks of `size` bytes each, produced lazily. */
function chunkedStream(chunks: number, size: number): Readable {
  let sent = 0;
  return new Readable({
    read() {
      this.push(sent++ < chunks ? Buffer.alloc(size, 0x61) : null);
    },
  });
}

describe(LocalDiskStorage.name, () => {
  let dir: string;
  let storage: StorageService;

  let context: INestApplicationContext;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'moc-storage-'));
    const config = new AppConfig({ storageDir: dir } as AppConfig);
    @Module({ imports: [ConfigModule.forRoot(config), StorageModule] })
    class TestModule {}
    context = await NestFactory.createApplicationContext(TestModule, { logger: false });
    storage = context.get(StorageService);
  });

  afterEach(async () => {
    await context.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('is what StorageModule provides for StorageService', () => {
    expect(storage).toBeInstanceOf(LocalDiskStorage);
  });

  it('puts a buffer and reads it back with its metadata', async () => {
    const data = Buffer.from('%PDF-1.7 Bài giảng', 'utf8');
    const stored = await storage.put('lessons/l1/a.pdf', data, { contentType: 'application/pdf', maxBytes: 1024 });
    expect(stored).toEqual({
      key: 'lessons/l1/a.pdf',
      size: data.length,
      sha256: sha256(data),
      contentType: 'application/pdf',
    });
    expect(await storage.stat('lessons/l1/a.pdf')).toEqual(stored);

    const got = await storage.getStream('lessons/l1/a.pdf');
    expect(got.size).toBe(data.length);
    expect(got.contentType).toBe('application/pdf');
    expect(got.range).toBeUndefined();
    expect(await text(got.stream)).toBe('%PDF-1.7 Bài giảng');
    expect(await filesUnder(join(dir, 'tmp'))).toEqual([]);
  });

  it('puts a stream, hashing and counting while it writes', async () => {
    const stored = await storage.put('v/big.bin', chunkedStream(64, 16 * 1024), {
      contentType: 'application/octet-stream',
      maxBytes: 1024 * 1024,
    });
    const expected = Buffer.alloc(64 * 16 * 1024, 0x61);
    expect(stored.size).toBe(expected.length);
    expect(stored.sha256).toBe(sha256(expected));
  });

  it('serves byte ranges (inclusive, end clamped to the size) and refuses ranges outside the file', async () => {
    await storage.put('r/digits.txt', Buffer.from('0123456789'), { contentType: 'text/plain', maxBytes: 100 });
    const mid = await storage.getStream('r/digits.txt', { start: 2, end: 5 });
    expect(await text(mid.stream)).toBe('2345');
    expect(mid).toMatchObject({ size: 10, range: { start: 2, end: 5 } });

    const tail = await storage.getStream('r/digits.txt', { start: 7, end: 1_000 });
    expect(await text(tail.stream)).toBe('789');
    expect(tail.range).toEqual({ start: 7, end: 9 });

    const last = await storage.getStream('r/digits.txt', { start: 9, end: 9 });
    expect(await text(last.stream)).toBe('9');

    await expect(storage.getStream('r/digits.txt', { start: 10, end: 12 })).rejects.toThrow(RangeNotSatisfiableError);
    await expect(storage.getStream('r/digits.txt', { start: 5, end: 4 })).rejects.toThrow(RangeNotSatisfiableError);
    await expect(storage.getStream('r/digits.txt', { start: -1, end: 4 })).rejects.toThrow(RangeNotSatisfiableError);
  });

  it('replaces an object put again under the same key', async () => {
    await storage.put('k', Buffer.from('one'), { contentType: 'text/plain', maxBytes: 10 });
    const second = await storage.put('k', Buffer.from('second'), { contentType: 'application/pdf', maxBytes: 10 });
    expect(await storage.stat('k')).toEqual(second);
    expect(await text((await storage.getStream('k')).stream)).toBe('second');
  });

  it('deletes: the object is gone, and deleting again is not an error', async () => {
    await storage.put('d/x.png', Buffer.from([0x89, 0x50]), { contentType: 'image/png', maxBytes: 10 });
    expect(await storage.delete('d/x.png')).toBe(true);
    expect(await storage.stat('d/x.png')).toBeNull();
    await expect(storage.getStream('d/x.png')).rejects.toThrow(NotFoundError);
    expect(await storage.delete('d/x.png')).toBe(false);
    expect(await filesUnder(dir)).toEqual([]);
  });

  it('reports a missing object as null / NotFoundError', async () => {
    expect(await storage.stat('nope/never')).toBeNull();
    await expect(storage.getStream('nope/never')).rejects.toThrow(NotFoundError);
  });

  describe('size limit', () => {
    it('refuses a buffer over the limit with 413 naming the limit, writing nothing', async () => {
      const err = await storage
        .put('big/a.bin', Buffer.alloc(11), { contentType: 'application/octet-stream', maxBytes: 10 })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PayloadTooLargeError);
      expect((err as PayloadTooLargeError).status).toBe(413);
      expect((err as PayloadTooLargeError).message).toContain('10 bytes');
      expect(await filesUnder(dir)).toEqual([]);
    });

    it('stops a stream over the limit part-way, leaves no file behind and keeps the previous object', async () => {
      await storage.put('big/b.bin', Buffer.from('old'), { contentType: 'text/plain', maxBytes: 10 });
      const source = chunkedStream(1_000, 64 * 1024);
      const err = await storage
        .put('big/b.bin', source, { contentType: 'application/octet-stream', maxBytes: 1024 * 1024 })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PayloadTooLargeError);
      expect((err as PayloadTooLargeError).status).toBe(413);
      expect((err as PayloadTooLargeError).message).toContain(`${1024 * 1024} bytes`);
      expect(source.destroyed).toBe(true);
      expect(await filesUnder(join(dir, 'tmp'))).toEqual([]);
      expect(await storage.stat('big/b.bin')).toMatchObject({ size: 3, contentType: 'text/plain' });
    });

    it('accepts exactly maxBytes', async () => {
      const stored = await storage.put('big/c.bin', chunkedStream(4, 256), {
        contentType: 'text/plain',
        maxBytes: 1024,
      });
      expect(stored.size).toBe(1024);
    });
  });

  it('leaves nothing behind when the source stream fails', async () => {
    const failing = new Readable({
      read() {
        this.destroy(new Error('connection reset'));
      },
    });
    await expect(storage.put('f/x', failing, { contentType: 'text/plain', maxBytes: 100 })).rejects.toThrow(
      'connection reset',
    );
    expect(await filesUnder(dir)).toEqual([]);
  });

  describe('keys', () => {
    it.each(['../escape', 'a/../../escape', '/etc/passwd', 'a\\b', 'a\0b', ''])(
      'refuses %j on every operation',
      async (key) => {
        await expect(storage.put(key, Buffer.from('x'), { contentType: 'text/plain', maxBytes: 10 })).rejects.toThrow(
          ValidationError,
        );
        await expect(storage.getStream(key)).rejects.toThrow(ValidationError);
        await expect(storage.stat(key)).rejects.toThrow(ValidationError);
        await expect(storage.delete(key)).rejects.toThrow(ValidationError);
      },
    );

    it('cannot reach a file outside the storage directory', async () => {
      await writeFile(join(dir, 'outside.txt'), 'secret');
      await expect(storage.getStream('../outside.txt')).rejects.toThrow(ValidationError);
      expect(await filesUnder(dir)).toEqual(['outside.txt']);
    });
  });

  it('validates the content type and the limit', async () => {
    await expect(
      storage.put('x', Buffer.from('x'), { contentType: 'text/html\r\nX: y', maxBytes: 10 }),
    ).rejects.toThrow(ValidationError);
    await expect(storage.put('x', Buffer.from('x'), { contentType: 'text/plain', maxBytes: -1 })).rejects.toThrow(
      ValidationError,
    );
  });
});
