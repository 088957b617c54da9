import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** What the exam engine tells course publishing: whether a course has its final exam. */
export interface FinalExamCheck {
  hasFinalExam(courseId: string, m: EntityManager): Promise<boolean>;
}

/**
 * Where the exam engine registers its FinalExamCheck at boot (learning must not import exams). Publishing a
 * version with `finalExam` set asks it; with nothing registered (a process without the exam engine) the check
 * is skipped.
 */
@Injectable()
export class FinalExamChecks {
  private check: FinalExamCheck | null = null;

  register(check: FinalExamCheck): void {
    this.check = check;
  }

  /** null when no exam engine is registered. */
  async hasFinalExam(courseId: string, m: EntityManager): Promise<boolean | null> {
    return this.check ? this.check.hasFinalExam(courseId, m) : null;
  }
}
