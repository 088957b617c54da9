import { orderTopicTags } from '@app/learning';
import { QuestionContent } from './question-model';

/** The versioned part of a question (the name and `shared` live on the question, not on its versions). */
export const CONTENT_KEYS = ['type', 'stem', 'options', 'shortAnswer', 'topics', 'difficulty', 'explanation'] as const;

/** JSON with object keys sorted: jsonb gives keys back in its own order. */
export const stableJson = (value: unknown): string =>
  JSON.stringify(value, (_, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : x,
  );

/** The content keys on which two versions differ. */
export const changedKeys = (a: QuestionContent, b: QuestionContent): Array<(typeof CONTENT_KEYS)[number]> =>
  CONTENT_KEYS.filter((k) => stableJson(a[k]) !== stableJson(b[k]));

/** Content as the bank stores it: option feedback null when absent, topics in catalogue order. */
export const storedContent = (q: QuestionContent): QuestionContent => ({
  ...q,
  options: q.options.map((o) => ({ key: o.key, text: o.text, fraction: o.fraction, feedback: o.feedback ?? null })),
  topics: orderTopicTags(q.topics),
});
