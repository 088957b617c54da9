import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EnrolmentRepository, EnrolmentRow } from './enrolment.repository';
import { LessonProgressRepository, LessonProgressRow } from './lesson-progress.repository';

/** The writes of lesson progress, run inside the enrolment's row lock: views, completions, video watch. */
@Injectable()
export class LessonProgressWriter {
  constructor(
    private readonly enrolments: EnrolmentRepository,
    private readonly progress: LessonProgressRepository,
  ) {}

  find(m: EntityManager, enrolmentId: string, lessonId: string): Promise<LessonProgressRow | null> {
    return this.progress.find(m, enrolmentId, lessonId);
  }

  /** The enrolment as stored now (after this transaction's writes). */
  async enrolment(m: EntityManager, enrolmentId: string): Promise<EnrolmentRow> {
    const row = await this.enrolments.find(enrolmentId, m);
    if (!row) throw new Error(`enrolment ${enrolmentId} vanished inside its own lock`);
    return row;
  }

  /** A view: lesson_progress touched, the resume point moved, started_at and 'started' once. */
  async opened(m: EntityManager, enrolment: EnrolmentRow, lessonId: string, at: Date): Promise<void> {
    await this.progress.touch(m, enrolment.id, lessonId, at);
    await this.enrolments.markOpened(m, enrolment.id, lessonId, at);
    if (!enrolment.startedAt) await this.enrolments.recordEvent(m, enrolment.id, null, 'started', at);
  }

  /** Marks the lesson done (completed_at once, 'lesson_completed' once); returns the completion time kept. */
  async done(m: EntityManager, enrolment: EnrolmentRow, lessonId: string, at: Date): Promise<Date> {
    await this.opened(m, enrolment, lessonId, at);
    const completedAt = await this.progress.complete(m, enrolment.id, lessonId, at);
    await this.enrolments.recordEvent(m, enrolment.id, lessonId, 'lesson_completed', completedAt);
    return completedAt;
  }

  saveVideo(
    m: EntityManager,
    enrolmentId: string,
    lessonId: string,
    v: { durationSeconds: number; positionSeconds: number; watchedSeconds: number },
  ): Promise<void> {
    return this.progress.saveVideo(m, enrolmentId, lessonId, v);
  }
}
