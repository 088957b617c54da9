import { drawPaper, PoolQuestion, seededRandom, shuffle } from './draw';

const q = (n: number, topics: string[], type = 'single_choice'): PoolQuestion => ({
  questionId: `q${String(n).padStart(2, '0')}`,
  versionId: `v${String(n).padStart(2, '0')}`,
  type,
  optionKeys: type === 'true_false' ? ['true', 'false'] : ['a', 'b', 'c', 'd'],
  topics,
});
const pool: PoolQuestion[] = [
  ...Array.from({ length: 6 }, (_, i) => q(i + 1, ['iccpr'])),
  ...Array.from({ length: 4 }, (_, i) => q(i + 11, ['cedaw'], 'true_false')),
  q(21, ['iccpr', 'cedaw']),
];
const opts = { seed: 42, shuffleQuestions: true, shuffleOptions: true };

describe(shuffle.name, () => {
  it('permutes a copy, deterministically for a seed', () => {
    const items = Array.from({ length: 20 }, (_, i) => i);
    const once = shuffle(items, seededRandom(1));
    expect(once).not.toEqual(items);
    expect([...once].sort((x, y) => x - y)).toEqual(items);
    expect(shuffle(items, seededRandom(1))).toEqual(once);
    expect(items[0]).toBe(0);
  });
});

describe(drawPaper.name, () => {
  it('draws the counts per topic, each question once, the same paper for the same seed in any pool order', () => {
    const spec = {
      mode: 'topics' as const,
      topics: [
        { topic: 'iccpr', count: 4 },
        { topic: 'cedaw', count: 3 },
      ],
    };
    const drawn = drawPaper(pool, spec, opts);
    if (!drawn.ok) throw new Error('expected a paper');
    const ids = drawn.paper.map((p) => p.questionVersionId);
    expect(new Set(ids).size).toBe(7);
    expect(
      ids.filter((id) => pool.find((x) => x.versionId === id)!.topics.includes('iccpr')).length,
    ).toBeGreaterThanOrEqual(4);
    expect(drawPaper([...pool].reverse(), spec, opts)).toEqual(drawn);
    expect(drawPaper(pool, spec, { ...opts, seed: 43 })).not.toEqual(drawn);
  });

  it('keeps topic order and option order when not shuffling; true/false options are never shuffled', () => {
    const spec = {
      mode: 'topics' as const,
      topics: [
        { topic: 'cedaw', count: 2 },
        { topic: 'iccpr', count: 1 },
      ],
    };
    const drawn = drawPaper(pool, spec, { seed: 1, shuffleQuestions: false, shuffleOptions: false });
    if (!drawn.ok) throw new Error('expected a paper');
    const topicsOf = (id: string) => pool.find((x) => x.versionId === id)!.topics;
    expect(topicsOf(drawn.paper[0].questionVersionId)).toContain('cedaw');
    expect(topicsOf(drawn.paper[2].questionVersionId)).toContain('iccpr');
    expect(drawn.paper.every((p) => p.optionOrder.join() === 'a,b,c,d' || p.optionOrder.join() === 'true,false')).toBe(
      true,
    );
    const shuffled = drawPaper(pool, { mode: 'fixed', questionIds: ['q11', 'q01'] }, opts);
    if (!shuffled.ok) throw new Error('expected a paper');
    const tf = shuffled.paper.find((p) => p.questionVersionId === 'v11')!;
    expect(tf.optionOrder).toEqual(['true', 'false']);
  });

  it('gives a question tagged with two topics to the scarcer topic', () => {
    const small = [q(1, ['iccpr']), q(2, ['iccpr', 'cedaw'])];
    const spec = {
      mode: 'topics' as const,
      topics: [
        { topic: 'iccpr', count: 1 },
        { topic: 'cedaw', count: 1 },
      ],
    };
    for (let seed = 0; seed < 20; seed++) {
      const drawn = drawPaper(small, spec, { ...opts, seed });
      expect(drawn.ok).toBe(true);
    }
  });

  it('reports every topic the pool cannot fill', () => {
    const spec = {
      mode: 'topics' as const,
      topics: [
        { topic: 'iccpr', count: 8 },
        { topic: 'crc', count: 1 },
      ],
    };
    expect(drawPaper(pool, spec, opts)).toEqual({
      ok: false,
      shortfall: expect.arrayContaining([
        { topic: 'crc', wanted: 1, available: 0 },
        { topic: 'iccpr', wanted: 8, available: 7 },
      ]) as unknown,
    });
  });

  it('draws a fixed list in list order, or reports the questions it cannot find', () => {
    const drawn = drawPaper(pool, { mode: 'fixed', questionIds: ['q03', 'q01'] }, { ...opts, shuffleQuestions: false });
    if (!drawn.ok) throw new Error('expected a paper');
    expect(drawn.paper.map((p) => p.questionVersionId)).toEqual(['v03', 'v01']);
    expect(drawPaper(pool, { mode: 'fixed', questionIds: ['q03', 'gone'] }, opts)).toEqual({
      ok: false,
      shortfall: [{ topic: 'fixed', wanted: 2, available: 1 }],
    });
  });
});
