import { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';

/** Characters of text gathered into one chunk (64 K, about 64 KB+): a chunk is the unit of work between two event-loop turns. */
export const CHUNK_CHARS = 64 * 1024;

/**
 * A byte stream pulled from `rows`: `write(row)` turns a row into text, `head` comes first and `tail()` last. A chunk
 * is made only when the reader asks for one (`read()`), so a slow reader stops the rows at their source (the cursor)
 * and nothing is buffered beyond one chunk and the stream's high-water mark; between two chunks the event loop gets
 * a turn, so other requests are answered while a long export runs. Destroying the stream (the client went away)
 * closes `rows`; a failing `rows` destroys the stream with its error.
 */
export function pulledStream<T>(
  rows: AsyncIterable<T>,
  write: (row: T) => string,
  head = '',
  tail: () => string = () => '',
): Readable {
  const it = rows[Symbol.asyncIterator]();
  let done = false;
  let started = false;
  return new Readable({
    read() {
      void (async () => {
        try {
          await nextTurn();
          // Each row's text goes straight into the chunk's bytes, so it dies young (a string gathered over a whole
          // chunk would outlive the young generation and grow the old one by the size of the file).
          const chunk = new ChunkWriter();
          if (!started) {
            started = true;
            chunk.add(head);
          }
          while (!done && !chunk.full()) {
            const next = await it.next();
            if (next.done) {
              done = true;
              chunk.add(tail());
            } else {
              chunk.add(write(next.value));
            }
          }
          for (const bytes of chunk.take()) this.push(bytes);
          if (done) this.push(null);
        } catch (e) {
          this.destroy(e instanceof Error ? e : new Error(String(e)));
        }
      })();
    },
    destroy(err, callback) {
      if (!done) {
        done = true;
        // Close the source (a cursor releases its connection); its own failure is not the reader's concern.
        void Promise.resolve(it.return?.()).catch(() => undefined);
      }
      callback(err);
    },
  });
}

/** The UTF-8 bytes of one chunk, written as the texts come (a text longer than the room left starts a new buffer). */
class ChunkWriter {
  private readonly done: Buffer[] = [];
  private buf = Buffer.allocUnsafe(CHUNK_CHARS);
  private at = 0;
  private total = 0;

  add(text: string): void {
    if (text.length === 0) return;
    // A UTF-16 unit is at most 3 bytes of UTF-8, so this much room always holds the text.
    if (this.at + text.length * 3 > this.buf.length) {
      this.flush();
      if (text.length * 3 > this.buf.length) {
        this.done.push(Buffer.from(text, 'utf8'));
        this.total += text.length;
        return;
      }
    }
    this.at += this.buf.write(text, this.at, 'utf8');
    this.total += text.length;
  }

  full(): boolean {
    return this.total >= CHUNK_CHARS;
  }

  take(): Buffer[] {
    this.flush();
    return this.done;
  }

  private flush(): void {
    if (this.at > 0) this.done.push(this.buf.subarray(0, this.at));
    this.buf = Buffer.allocUnsafe(CHUNK_CHARS);
    this.at = 0;
  }
}
