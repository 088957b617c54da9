import 'reflect-metadata';
import type { ArgumentMetadata } from '@nestjs/common';
import { SaveAnswerDto } from '@app/exams';
import { createValidationPipe } from '../http/validation';

const body: ArgumentMetadata = { type: 'body', metatype: SaveAnswerDto, data: '' };
const decorators = createValidationPipe({ quickParse: false });
const quick = createValidationPipe();

/** What class-validator makes of a body: the DTO's own fields, or 'refused'. */
const byDecorators = async (value: unknown): Promise<object | 'refused'> => {
  try {
    return { ...(await decorators.transform(structuredClone(value), body)) } as object;
  } catch {
    return 'refused';
  }
};

const bodies: unknown[] = [
  { selected: ['a'] },
  { selected: [] },
  { selected: ['a', 'b', 'a'] },
  { selected: Array.from({ length: 20 }, (_, i) => `k${i}`) },
  { selected: Array.from({ length: 21 }, (_, i) => `k${i}`) },
  { selected: ['a b'] },
  { selected: ['x'.repeat(21)] },
  { selected: [''] },
  { selected: [1] },
  { selected: 'a' },
  { selected: null },
  { text: '  Hội đồng   Nhân quyền  ' },
  { text: '' },
  { text: 'x'.repeat(500) },
  { text: 'x'.repeat(501) },
  { text: '😀'.repeat(300) },
  { text: 5 },
  { text: null },
  { text: 'a', selected: ['a'] },
  {},
  { other: 1 },
  { selected: ['a'], extra: true },
  [],
  'a',
  null,
];

describe('SaveAnswerDto.quickParse', () => {
  it.each(bodies.map((b) => [JSON.stringify(b)?.slice(0, 60), b]))(
    'accepts %s only as the decorators would, with the same DTO',
    async (_shown, value) => {
      const parsed = SaveAnswerDto.quickParse(structuredClone(value));
      const expected = await byDecorators(value);
      if (parsed === null) return; // class-validator decides, as before
      expect(expected).not.toBe('refused');
      expect({ ...parsed }).toEqual(expected);
    },
  );

  it('takes the plain bodies of the save without class-validator, and leaves the rest to it', () => {
    expect(SaveAnswerDto.quickParse({ selected: ['b'] })).toEqual(
      Object.assign(new SaveAnswerDto(), { selected: ['b'] }),
    );
    expect(SaveAnswerDto.quickParse({ text: '  a  b ' })).toEqual(Object.assign(new SaveAnswerDto(), { text: 'a b' }));
    expect(SaveAnswerDto.quickParse({ selected: ['a'], extra: 1 })).toBeNull();
    expect(SaveAnswerDto.quickParse({ selected: ['a b'] })).toBeNull();
  });

  it('the global pipe still refuses what the decorators refuse, with their 400 details', async () => {
    await expect(quick.transform({ selected: ['a'], extra: 1 }, body)).rejects.toMatchObject({
      details: [{ field: 'extra', reason: 'property extra should not exist' }],
    });
    await expect(quick.transform({ selected: ['a b'] }, body)).rejects.toMatchObject({
      details: [{ field: 'selected', reason: 'selected must hold option keys' }],
    });
    await expect(quick.transform({ selected: ['a'] }, body)).resolves.toBeInstanceOf(SaveAnswerDto);
  });
});
