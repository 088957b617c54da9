import { createHash } from 'node:crypto';

/**
 * A contest participant's own start time: the opening time plus an offset in [0, staggerMinutes) fixed by a hash of
 * the exam and the person, so the starts spread evenly over the window (the spike at opening time is flattened)
 * and a person always gets the same time. Null when the exam does not stagger (or has no opening time).
 */
export function staggeredStartAt(
  exam: { id: string; opensAt: Date | null; staggerMinutes: number },
  personId: string,
): Date | null {
  if (!exam.opensAt || exam.staggerMinutes <= 0) return null;
  const digest = createHash('sha256').update(`${exam.id}:${personId}`).digest();
  const spread = exam.staggerMinutes * 60;
  const offsetSeconds = digest.readUInt32BE(0) % spread;
  return new Date(exam.opensAt.getTime() + offsetSeconds * 1000);
}
