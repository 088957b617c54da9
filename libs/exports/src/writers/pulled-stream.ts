import { Readable } from 'node:stream';
import { feedOf, RowFeed } from '../row-feed';

/** Size of the buffers a batch's text is written into (64 KiB). */
export const CHUNK_CHARS = 64 * 1024;

/**
 * A byte stream pulled from `rows` (a RowFeed, or any async iterable): `write(row)` turns a row into text, `head`
 * comes first and `tail()` last. A batch of rows (a cursor's FETCH) is asked for only when the reader asks for bytes
 * (`read()`), and each row is written into the batch's bytes as it arrives, so a slow reader stops the rows at their
 * source (the cursor) and nothing is held beyond one batch's bytes and the stream's buffer. With `readAhead`, the
 * next batch is asked for as soon as one is handed to the reader, so the database reads it while the reader takes
 * this one: one batch more, never two (the one ahead is handed over on the next `read()`). Destroying the stream (the
 * client went away) closes `rows`; a failing `rows` destroys the stream with its error.
 */
export function pulledStream<T>(
  rows: RowFeed<T> | AsyncIterable<T>,
  write: (row: T) => string,
  head = '',
  tail: () => string = () => '',
  readAhead = false,
): Readable {
  const feed = feedOf(rows);
  let done = false;
  let started = false;
  let ahead: Promise<Batch> | null = null;
  const batch = async (): Promise<Batch> => {
    // Each row's text goes straight into the batch's bytes, so it dies young (a string gathered over a whole
    // batch would outlive the young generation and grow the old one by the size of the file).
    const chunk = new ChunkWriter();
    if (!started) {
      started = true;
      chunk.add(head);
    }
    const more = await feed.next((row) => chunk.add(write(row)));
    if (!more) chunk.add(tail());
    return { bytes: chunk.take(), more };
  };
  return new Readable({
    read() {
      void (async () => {
        try {
          let next: Batch;
          do {
            next = await (ahead ?? batch());
            ahead = null;
          } while (next.more && next.bytes.length === 0 && !done);
          if (done) return; // destroyed meanwhile
          if (next.more && readAhead) {
            ahead = batch();
            ahead.catch(() => undefined); // handled by the next read(), or dropped with the stream
          }
          for (const bytes of next.bytes) this.push(bytes);
          if (!next.more) {
            done = true;
            this.push(null);
          }
        } catch (e) {
          this.destroy(e instanceof Error ? e : new Error(String(e)));
        }
      })();
    },
    destroy(err, callback) {
      if (!done) {
        done = true;
        // Close the source (a cursor releases its connection); its own failure is not the reader's concern.
        void feed.close().catch(() => undefined);
      }
      callback(err);
    },
  });
}

interface Batch {
  bytes: Buffer[];
  more: boolean;
}

/** The UTF-8 bytes of one chunk, written as the texts come (a text longer than the room left starts a new buffer). */
class ChunkWriter {
  private readonly done: Buffer[] = [];
  private buf: Buffer | null = null;
  private at = 0;

  add(text: string): void {
    if (text.length === 0) return;
    // A UTF-16 unit is at most 3 bytes of UTF-8, so this much room always holds the text.
    if (this.buf === null || this.at + text.length * 3 > this.buf.length) {
      this.flush();
      if (text.length * 3 > CHUNK_CHARS) {
        this.done.push(Buffer.from(text, 'utf8'));
        return;
      }
      this.buf = Buffer.allocUnsafe(CHUNK_CHARS);
    }
    this.at += this.buf.write(text, this.at, 'utf8');
  }

  take(): Buffer[] {
    this.flush();
    return this.done;
  }

  private flush(): void {
    if (this.buf !== null && this.at > 0) this.done.push(this.buf.subarray(0, this.at));
    this.buf = null;
    this.at = 0;
  }
}
