/**
 * Rows handed over batch by batch, each row as it arrives: `next(each)` reads the next batch (a cursor's FETCH) and
 * calls `each` once per row, synchronously, while the batch comes in; it resolves `true` when more rows may follow
 * and `false` once the rows are done. A row given to `each` is written at once (a writer turns it into bytes) and is
 * garbage before the next one is parsed, so no array of rows outlives a turn of the event loop: rows gathered into
 * arrays over several socket reads survive the young generation and grew the old one by hundreds of MB on a
 * 1,000,000-row export (BENCHMARKS.md, export).
 *
 * Rules: one `next` at a time; `each` must not be called after `next` settles; a row after which `each` throws stops
 * the batch (the rest is dropped) and `next` rejects with that error. `close()` ends the feed early (the reader went
 * away or failed): it waits for a batch in flight and frees the source (a cursor gives its connection back); it is
 * harmless twice or after the end.
 */
export interface RowFeed<T> {
  next(each: (row: T) => void): Promise<boolean>;
  close(): Promise<void>;
}

/** Rows per batch of a feed made from an iterable (feedOf). */
export const ITERABLE_BATCH = 500;

export const isRowFeed = <T>(rows: RowFeed<T> | AsyncIterable<T> | Iterable<T>): rows is RowFeed<T> =>
  typeof (rows as RowFeed<T>).next === 'function' &&
  typeof (rows as RowFeed<T>).close === 'function' &&
  !(Symbol.asyncIterator in rows) &&
  !(Symbol.iterator in rows);

/** A feed of an iterable's rows, ITERABLE_BATCH at a time (tests, small lists); a feed is returned as it is. */
export function feedOf<T>(rows: RowFeed<T> | AsyncIterable<T> | Iterable<T>): RowFeed<T> {
  if (isRowFeed(rows)) return rows;
  const it = Symbol.asyncIterator in rows ? rows[Symbol.asyncIterator]() : rows[Symbol.iterator]();
  let done = false;
  return {
    async next(each) {
      for (let n = 0; !done && n < ITERABLE_BATCH; n++) {
        let next: IteratorResult<T>;
        try {
          next = await it.next();
        } catch (e) {
          done = true;
          throw e;
        }
        if (next.done) done = true;
        else each(next.value);
      }
      return !done;
    },
    async close() {
      if (done) return;
      done = true;
      await it.return?.();
    },
  };
}

/** The feed's rows through `f`. */
export function mapFeed<T, U>(feed: RowFeed<T>, f: (row: T) => U): RowFeed<U> {
  return { next: (each) => feed.next((row) => each(f(row))), close: () => feed.close() };
}

/**
 * The feed's rows, counted as they pass; `settled(rowCount, complete)` is called once, when the rows end (complete),
 * fail or are closed half-way (not complete), and is waited for. A feed closed before its first batch was asked for
 * never opened its source: `settled` is not called (as with an async generator never started).
 */
export function countedFeed<T>(
  open: () => RowFeed<T>,
  settled: (rowCount: number, complete: boolean) => Promise<unknown>,
  afterBatch?: (rowCount: number) => Promise<unknown>,
): RowFeed<T> {
  let feed: RowFeed<T> | null = null;
  let rowCount = 0;
  let ended = false;
  // A feed closed during a batch ends that batch with `false` too: that end is not the rows' end.
  let closed = false;
  const end = async (complete: boolean): Promise<void> => {
    if (ended) return;
    ended = true;
    await settled(rowCount, complete);
  };
  return {
    async next(each) {
      if (ended) return false;
      feed ??= open();
      let more: boolean;
      try {
        more = await feed.next((row) => {
          rowCount++;
          each(row);
        });
        if (more && afterBatch) await afterBatch(rowCount);
      } catch (e) {
        await feed.close().catch(() => undefined);
        await end(false);
        throw e;
      }
      if (!more) await end(!closed);
      return more;
    },
    async close() {
      closed = true;
      if (!feed) {
        ended = true;
        return;
      }
      try {
        await feed.close();
      } finally {
        await end(false);
      }
    },
  };
}
