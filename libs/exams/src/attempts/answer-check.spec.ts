import { ValidationError } from '@app/common';
import { checkAnswer, PaperItem } from './answer-check';

const single: PaperItem = { type: 'single_choice', optionKeys: ['c', 'a', 'b'] };
const multiple: PaperItem = { type: 'multiple_choice', optionKeys: ['a', 'b', 'c'] };
const short: PaperItem = { type: 'short_answer', optionKeys: [] };

const reasonOf = (r: unknown): string | undefined =>
  r instanceof ValidationError ? (r.details as Array<{ reason: string }> | undefined)?.[0]?.reason : undefined;

describe(checkAnswer.name, () => {
  it('keeps a choice of option keys, each key once', () => {
    expect(checkAnswer(single, { selected: ['b'] })).toEqual({ selected: ['b'] });
    expect(checkAnswer(single, { selected: ['b', 'b'] })).toEqual({ selected: ['b'] });
    expect(checkAnswer(multiple, { selected: ['c', 'a'] })).toEqual({ selected: ['c', 'a'] });
    expect(checkAnswer(single, { selected: [] })).toEqual({ selected: [] });
  });

  it('keeps the text of a short answer', () => {
    expect(checkAnswer(short, { text: 'Hội đồng Nhân quyền' })).toEqual({ text: 'Hội đồng Nhân quyền' });
  });

  it.each([
    ['a key that is not an option', single, { selected: ['z'] }, 'unknown option key'],
    ['two keys for a single choice', single, { selected: ['a', 'b'] }, 'one key at most'],
    ['text for a choice question', single, { text: 'a' }, 'required'],
    ['both text and selected', single, { text: 'a', selected: ['a'] }, 'required'],
    ['selected for a short answer', short, { selected: ['a'] }, 'required'],
    ['nothing for a short answer', short, {}, 'required'],
  ])('refuses %s', (_what, item, dto, reason) => {
    const result = checkAnswer(item, dto);
    expect(result).toBeInstanceOf(ValidationError);
    expect(reasonOf(result)).toBe(reason);
  });
});
