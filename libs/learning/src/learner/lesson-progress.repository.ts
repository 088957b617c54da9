import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface LessonProgressRow {
  firstViewedAt: Date;
  lastViewedAt: Date;
  completedAt: Date | null;
  videoDurationSeconds: number | null;
  videoPositionSeconds: number | null;
  videoWatchedSeconds: number;
}

/** lesson_progress: one row per (enrolment, lesson), written inside the enrolment's row lock. */
@Injectable()
export class LessonProgressRepository {
  async find(m: EntityManager, enrolmentId: string, lessonId: string): Promise<LessonProgressRow | null> {
    const rows = await m.query<LessonProgressRow[]>(
      `SELECT first_viewed_at AS "firstViewedAt", last_viewed_at AS "lastViewedAt", completed_at AS "completedAt",
              video_duration_seconds::float8 AS "videoDurationSeconds",
              video_position_seconds::float8 AS "videoPositionSeconds",
              video_watched_seconds::float8 AS "videoWatchedSeconds"
         FROM lesson_progress WHERE enrolment_id = $1 AND lesson_id = $2`,
      [enrolmentId, lessonId],
    );
    return rows[0] ?? null;
  }

  /** Records a view: first_viewed_at once, last_viewed_at every time. */
  async touch(m: EntityManager, enrolmentId: string, lessonId: string, at: Date): Promise<void> {
    await m.query(
      `INSERT INTO lesson_progress (enrolment_id, lesson_id, first_viewed_at, last_viewed_at) VALUES ($1, $2, $3, $3)
       ON CONFLICT ON CONSTRAINT pk_lesson_progress DO UPDATE SET last_viewed_at = EXCLUDED.last_viewed_at`,
      [enrolmentId, lessonId, at],
    );
  }

  /** Sets completed_at once (the row exists: touch first); returns the completion time kept. */
  async complete(m: EntityManager, enrolmentId: string, lessonId: string, at: Date): Promise<Date> {
    // An UPDATE … RETURNING answers [rows, affected] through TypeORM.
    const [rows] = await m.query<[Array<{ completedAt: Date }>, number]>(
      `UPDATE lesson_progress SET completed_at = coalesce(completed_at, $3)
        WHERE enrolment_id = $1 AND lesson_id = $2 RETURNING completed_at AS "completedAt"`,
      [enrolmentId, lessonId, at],
    );
    return rows[0].completedAt;
  }

  async saveVideo(
    m: EntityManager,
    enrolmentId: string,
    lessonId: string,
    v: { durationSeconds: number; positionSeconds: number; watchedSeconds: number },
  ): Promise<void> {
    await m.query(
      `UPDATE lesson_progress
          SET video_duration_seconds = $3, video_position_seconds = $4, video_watched_seconds = $5
        WHERE enrolment_id = $1 AND lesson_id = $2`,
      [enrolmentId, lessonId, v.durationSeconds, v.positionSeconds, v.watchedSeconds],
    );
  }
}
