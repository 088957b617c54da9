import { continueLessonId, neighbours } from './course-outline';

const outline = (done: boolean[]) => done.map((d, i) => ({ id: `l${i + 1}`, done: d }));

describe(continueLessonId.name, () => {
  it('starts at the first lesson before anything was opened', () => {
    expect(continueLessonId(outline([false, false, false]), null)).toBe('l1');
  });

  it('resumes the last lesson opened while it is not done', () => {
    expect(continueLessonId(outline([true, false, false]), 'l2')).toBe('l2');
  });

  it('moves on to the next lesson not done after the last one opened', () => {
    expect(continueLessonId(outline([false, true, true, false]), 'l2')).toBe('l4');
  });

  it('goes back to the first lesson not done when nothing after the last one is left', () => {
    expect(continueLessonId(outline([false, true, true]), 'l3')).toBe('l1');
  });

  it('stays on the last lesson opened when everything is done, and answers null for an empty course', () => {
    expect(continueLessonId(outline([true, true]), 'l1')).toBe('l1');
    expect(continueLessonId([], null)).toBeNull();
  });

  it('ignores a last lesson that is not in the outline', () => {
    expect(continueLessonId(outline([true, false]), 'other')).toBe('l2');
  });
});

describe(neighbours.name, () => {
  it('gives the previous and next lessons, null at the ends', () => {
    const lessons = outline([false, false, false]);
    expect(neighbours(lessons, 'l1')).toEqual({ previousId: null, nextId: 'l2' });
    expect(neighbours(lessons, 'l2')).toEqual({ previousId: 'l1', nextId: 'l3' });
    expect(neighbours(lessons, 'l3')).toEqual({ previousId: 'l2', nextId: null });
    expect(neighbours(lessons, 'x')).toEqual({ previousId: null, nextId: null });
  });
});
