import { copyId } from './copy-id';

const V2 = '5f0c9d8e-1111-4222-8333-444455556666';
const V3 = '7a1b2c3d-aaaa-4bbb-8ccc-ddddeeeeffff';
const LESSON = 'c0ffee00-0000-4000-8000-000000000001';

describe(copyId.name, () => {
  it('is a version-5 UUID, the same for the same draft and original', () => {
    const id = copyId(V2, LESSON);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(copyId(V2, LESSON)).toBe(id);
    expect(copyId(V2, LESSON.toUpperCase())).toBe(id);
  });

  it('differs per draft and per original, and never equals the original', () => {
    const ids = new Set([
      copyId(V2, LESSON),
      copyId(V3, LESSON),
      copyId(V2, 'c0ffee00-0000-4000-8000-000000000002'),
      LESSON,
    ]);
    expect(ids.size).toBe(4);
  });
});
