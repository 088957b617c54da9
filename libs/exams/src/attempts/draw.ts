import { mulberry32 } from '@app/common';
/** A question the draw may pick: its current version, the keys of its options and its topics. */
export interface PoolQuestion {
  questionId: string;
  versionId: string;
  type: string;
  optionKeys: string[];
  topics: string[];
}

export type DrawSpec =
  | { mode: 'topics'; topics: Array<{ topic: string; count: number }> }
  | { mode: 'fixed'; questionIds: string[] };

export interface DrawOptions {
  seed: number;
  shuffleQuestions: boolean;
  shuffleOptions: boolean;
}

/** One question of a paper: the version drawn and the order its options are shown in. */
export interface DrawnQuestion {
  questionVersionId: string;
  optionOrder: string[];
}

/** Where the pool cannot fill the spec: a topic (or, for a fixed list, 'fixed') with fewer questions than wanted. */
export interface DrawShortfall {
  topic: string;
  wanted: number;
  available: number;
}

export type DrawResult = { ok: true; paper: DrawnQuestion[] } | { ok: false; shortfall: DrawShortfall[] };

/** The seeded PRNG of the paper draw (the same seed draws the same paper). */
export const seededRandom = mulberry32;

/** Fisher–Yates on a copy. */
export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const byId = (a: PoolQuestion, b: PoolQuestion): number =>
  a.questionId < b.questionId ? -1 : a.questionId > b.questionId ? 1 : 0;

/**
 * Draws a paper from the pool. Per topic: `count` questions tagged with it, never the same question twice (the
 * scarcest topic picks first, so a question tagged with two topics goes where it is needed); a fixed list: those
 * questions. Deterministic for a seed whatever order the pool comes in. Questions are shown topic by topic (or in
 * list order) unless shuffled; true/false options always show true, false.
 */
export function drawPaper(pool: readonly PoolQuestion[], spec: DrawSpec, opts: DrawOptions): DrawResult {
  const random = seededRandom(opts.seed);
  const sorted = [...pool].sort(byId);
  let picked: PoolQuestion[];
  if (spec.mode === 'fixed') {
    const byQuestion = new Map(sorted.map((q) => [q.questionId, q]));
    const found = spec.questionIds.map((id) => byQuestion.get(id)).filter((q): q is PoolQuestion => !!q);
    if (found.length < spec.questionIds.length) {
      return { ok: false, shortfall: [{ topic: 'fixed', wanted: spec.questionIds.length, available: found.length }] };
    }
    picked = found;
  } else {
    const candidates = spec.topics.map((rule) => sorted.filter((q) => q.topics.includes(rule.topic)));
    const order = spec.topics.map((_, i) => i).sort((a, b) => candidates[a].length - candidates[b].length || a - b);
    const taken = new Set<string>();
    const perRule: PoolQuestion[][] = spec.topics.map(() => []);
    const shortfall: DrawShortfall[] = [];
    for (const i of order) {
      const free = shuffle(
        candidates[i].filter((q) => !taken.has(q.questionId)),
        random,
      );
      const { topic, count } = spec.topics[i];
      if (free.length < count) shortfall.push({ topic, wanted: count, available: free.length });
      perRule[i] = free.slice(0, count);
      perRule[i].forEach((q) => taken.add(q.questionId));
    }
    if (shortfall.length > 0) return { ok: false, shortfall };
    picked = perRule.flat();
  }
  const ordered = opts.shuffleQuestions ? shuffle(picked, random) : picked;
  return {
    ok: true,
    paper: ordered.map((q) => ({
      questionVersionId: q.versionId,
      optionOrder: opts.shuffleOptions && q.type !== 'true_false' ? shuffle(q.optionKeys, random) : [...q.optionKeys],
    })),
  };
}
