import { countedFeed, feedOf, ITERABLE_BATCH, mapFeed, RowFeed } from './row-feed';

/**
 * A feed of `total` numbers in batches of `size`; when `gated`, a batch waits for `release()`. Like a cursor, closing
 * it ends the batch in flight (with `false`) and waits for it.
 */
function numbers(total: number, size: number, gated = false) {
  let at = 0;
  let closed = false;
  let open: (() => void) | null = null;
  let reading: Promise<unknown> = Promise.resolve();
  const batch = async (each: (n: number) => void): Promise<boolean> => {
    if (gated) await new Promise<void>((resolve) => (open = resolve));
    for (let n = 0; n < size && at < total && !closed; n++) each(++at);
    return !closed && at < total;
  };
  const feed: RowFeed<number> = {
    next(each) {
      const b = batch(each);
      reading = b.catch(() => undefined);
      return b;
    },
    async close() {
      closed = true;
      open?.();
      await reading;
    },
  };
  return { feed, release: () => open?.(), closed: () => closed };
}

const readAll = async <T>(feed: RowFeed<T>): Promise<T[]> => {
  const rows: T[] = [];
  while (await feed.next((r) => rows.push(r)));
  return rows;
};

describe('row feeds', () => {
  it('feedOf hands an iterable over in batches and closes it', async () => {
    const rows = Array.from({ length: ITERABLE_BATCH * 2 + 3 }, (_v, i) => i);
    expect(await readAll(feedOf(rows))).toEqual(rows);
    let closed = false;
    const source = (async function* () {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        closed = true;
      }
    })();
    const feed = feedOf(source);
    let n = 0;
    expect(await feed.next(() => n++)).toBe(true);
    expect(n).toBe(ITERABLE_BATCH);
    await feed.close();
    expect(closed).toBe(true);
    expect(await feed.next(() => n++)).toBe(false);
  });

  it('mapFeed maps each row', async () => {
    expect(await readAll(mapFeed(numbers(5, 2).feed, (n) => n * 10))).toEqual([10, 20, 30, 40, 50]);
  });

  it('countedFeed counts the rows and settles once, complete at the end', async () => {
    const settled = jest.fn(async () => undefined);
    const feed = countedFeed(() => numbers(7, 3).feed, settled);
    expect(await readAll(feed)).toHaveLength(7);
    await feed.close();
    expect(settled.mock.calls).toEqual([[7, true]]);
  });

  it('countedFeed settles not complete when closed during a batch, though that batch ends with false', async () => {
    const settled = jest.fn(async () => undefined);
    const source = numbers(100, 10, true);
    const feed = countedFeed(() => source.feed, settled);
    const first = feed.next(() => undefined);
    source.release();
    expect(await first).toBe(true);
    const second = feed.next(() => undefined);
    await feed.close();
    expect(await second).toBe(false);
    expect(settled.mock.calls).toEqual([[10, false]]);
  });

  it('countedFeed settles not complete when the source fails, and never when never read', async () => {
    const settled = jest.fn(async () => undefined);
    const failing = countedFeed<number>(
      () => ({ next: () => Promise.reject(new Error('cursor lost')), close: async () => undefined }),
      settled,
    );
    await expect(failing.next(() => undefined)).rejects.toThrow('cursor lost');
    expect(settled.mock.calls).toEqual([[0, false]]);
    const opened = jest.fn(() => numbers(1, 1).feed);
    await countedFeed(opened, settled).close();
    expect(opened).not.toHaveBeenCalled();
    expect(settled).toHaveBeenCalledTimes(1);
  });
});
