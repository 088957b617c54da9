import { timeOrderedUuid } from './time-ordered-uuid';

describe(timeOrderedUuid.name, () => {
  it('makes version 7 UUIDs that sort in the order they were made, even within one millisecond', () => {
    const ids = Array.from({ length: 10_000 }, () => timeOrderedUuid(1_700_000_000_000));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(timeOrderedUuid(1_800_000_000_000) > ids[ids.length - 1]).toBe(true);
  });
});
