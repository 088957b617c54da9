import { staggeredStartAt } from './stagger';

describe('staggeredStartAt', () => {
  const opensAt = new Date('2026-12-10T01:00:00Z');
  const exam = { id: '6f1c2a34-1111-4a2b-9c3d-000000000001', opensAt, staggerMinutes: 30 };

  it('gives each person a fixed start within [opensAt, opensAt + stagger)', () => {
    const id = '0b7d6c1e-2222-4b5c-8d9e-000000000002';
    const at = staggeredStartAt(exam, id)!;
    expect(at.getTime()).toBeGreaterThanOrEqual(opensAt.getTime());
    expect(at.getTime()).toBeLessThan(opensAt.getTime() + 30 * 60_000);
    expect(staggeredStartAt(exam, id)).toEqual(at);
  });

  it('spreads 3,000 people evenly over the window (no minute holds more than twice its share)', () => {
    const perMinute = new Array<number>(30).fill(0);
    for (let i = 0; i < 3000; i++) {
      const at = staggeredStartAt(exam, `person-${i}`)!;
      perMinute[Math.floor((at.getTime() - opensAt.getTime()) / 60_000)]++;
    }
    expect(Math.max(...perMinute)).toBeLessThan(200);
    expect(Math.min(...perMinute)).toBeGreaterThan(50);
  });

  it('does not stagger without a window or an opening time', () => {
    expect(staggeredStartAt({ ...exam, staggerMinutes: 0 }, 'p')).toBeNull();
    expect(staggeredStartAt({ ...exam, opensAt: null }, 'p')).toBeNull();
  });
});
