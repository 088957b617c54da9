/**
 * mulberry32: a tiny, fast seeded PRNG; the same seed gives the same sequence on every machine. The seed data
 * generator and the exam paper draw rely on that (tests, reloads and benchmarks see the same rows and papers).
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
