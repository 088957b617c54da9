import { Injectable } from '@nestjs/common';
import type { PaperItem } from './answer-check';
import { AttemptRepository } from './attempt.repository';

/** Papers kept at most; the oldest goes first. 20 questions each: a few MB. */
export const PAPER_ITEMS_MAX = 20_000;

/**
 * The questions of stored papers (type and option keys), for checking saved answers without a query each time.
 * Safe to keep for as long as the process runs: a paper is written once, when its attempt starts, and a question
 * version that has been drawn is never edited (editing makes a new version). Nothing here says whose attempt it is,
 * whether it is still open, or shows a question to anyone: the save checks those in its own statement.
 */
@Injectable()
export class PaperItems {
  private readonly papers = new Map<string, Map<string, PaperItem>>();

  constructor(private readonly attempts: AttemptRepository) {}

  /** The question of the attempt's paper, or null when it is not on it (or there is no such attempt). */
  async find(attemptId: string, questionVersionId: string): Promise<PaperItem | null> {
    let paper = this.papers.get(attemptId);
    if (!paper) {
      const rows = await this.attempts.paperItems(attemptId);
      // No rows: no such attempt (yet); not remembered.
      if (rows.length === 0) return null;
      paper = new Map(rows.map((r) => [r.questionVersionId, { type: r.type, optionKeys: r.optionKeys }]));
      if (this.papers.size >= PAPER_ITEMS_MAX) {
        const oldest = this.papers.keys().next().value;
        if (oldest !== undefined) this.papers.delete(oldest);
      }
      this.papers.set(attemptId, paper);
    }
    return paper.get(questionVersionId) ?? null;
  }
}
