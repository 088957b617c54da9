import { PassThrough, Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { peekStream } from './peek-stream';

const chunks = (...parts: string[]): Readable => Readable.from(parts.map((p) => Buffer.from(p)));

describe(peekStream.name, () => {
  it('returns the first bytes and a body that replays them and then the rest', async () => {
    const { head, body } = await peekStream(chunks('ab', 'cd', 'ef', 'gh'), 3);
    expect(head.toString()).toBe('abc');
    expect((await buffer(body)).toString()).toBe('abcdefgh');
  });

  it('handles a stream shorter than the peek', async () => {
    const { head, body } = await peekStream(chunks('xy'), 10);
    expect(head.toString()).toBe('xy');
    expect((await buffer(body)).toString()).toBe('xy');
    const empty = await peekStream(chunks(), 10);
    expect(empty.head.length).toBe(0);
    expect((await buffer(empty.body)).length).toBe(0);
  });

  it('lets the source run to its end when the body is destroyed or discarded', async () => {
    for (const stop of ['destroy', 'discard'] as const) {
      const source = new PassThrough();
      source.write('0123456789');
      const peeked = await peekStream(source, 4);
      if (stop === 'destroy') peeked.body.destroy();
      else peeked.discard();
      const ended = new Promise((done) => source.once('end', done));
      for (let i = 0; i < 100; i += 1) source.write(Buffer.alloc(64 * 1024));
      source.end();
      await expect(ended).resolves.toBeUndefined();
    }
  });

  it('fails when the source fails before the peek is complete', async () => {
    const failing = new Readable({
      read() {
        this.destroy(new Error('connection reset'));
      },
    });
    await expect(peekStream(failing, 4)).rejects.toThrow('connection reset');
  });
});
