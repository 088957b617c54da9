import { PassThrough, Readable } from 'node:stream';

/**
 * Reads the first `bytes` bytes of a stream (fewer when it is shorter) without losing them: `body` replays them
 * and then the rest of the source. Destroying `body` (e.g. a consumer stopping at a size limit) or calling
 * `discard()` lets the source run to its end unread, so a multipart parser feeding it can finish the request.
 */
export async function peekStream(
  source: Readable,
  bytes: number,
): Promise<{ head: Buffer; body: Readable; discard(): void }> {
  const chunks: Buffer[] = [];
  let size = 0;
  await new Promise<void>((resolve, reject) => {
    const cleanup = (): void => {
      source.off('data', onData);
      source.off('end', onEnd);
      source.off('error', onError);
    };
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= bytes) {
        source.pause();
        cleanup();
        resolve();
      }
    };
    const onEnd = (): void => {
      cleanup();
      resolve();
    };
    const onError = (e: Error): void => {
      cleanup();
      reject(e);
    };
    source.on('data', onData);
    source.once('end', onEnd);
    source.once('error', onError);
  });
  const all = Buffer.concat(chunks);
  const body = new PassThrough();
  body.write(all);
  const drain = (): void => {
    source.unpipe(body);
    source.resume();
  };
  if (source.readableEnded) {
    body.end();
  } else {
    source.on('error', (e) => body.destroy(e));
    source.pipe(body);
    body.once('close', () => {
      if (!source.readableEnded) drain();
    });
  }
  return {
    head: all.subarray(0, bytes),
    body,
    discard: () => {
      body.destroy();
      if (!source.readableEnded) drain();
    },
  };
}
