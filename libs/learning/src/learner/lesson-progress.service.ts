import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, Clock, ConflictError, ForbiddenError, NotFoundError } from '@app/common';
import {
  LessonCompletionResponse,
  LessonViewResponse,
  VideoProgressDto,
  VideoProgressResponse,
} from './dto/learner.dto';
import { CourseCompletionService } from './course-completion.service';
import { neighbours } from './course-outline';
import { EnrolmentRow } from './enrolment.repository';
import { LearnerAccess } from './learner-access';
import { LearnerCatalogueRepository, LessonRow } from './learner-catalogue.repository';
import { LessonProgressWriter } from './lesson-progress.writer';
import {
  accumulateWatch,
  isUploadedVideo,
  knownVideoDuration,
  VIDEO_WATCHED_RATIO,
  watchedPercent,
} from './video-watch';
import { lessonView } from './lesson-view';

/**
 * Progress through lessons: opening one (resume point, started), marking it done, and the watch of an uploaded
 * video. Every write runs inside the enrolment's row lock; each event is recorded once.
 */
@Injectable()
export class LessonProgressService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: LearnerAccess,
    private readonly catalogue: LearnerCatalogueRepository,
    private readonly writer: LessonProgressWriter,
    private readonly completion: CourseCompletionService,
    private readonly clock: Clock,
  ) {}

  /** Opens a lesson of the actor's own enrolment: records the view, the start (once) and the resume point. */
  async view(actor: Actor, enrolmentId: string, lessonId: string): Promise<LessonViewResponse> {
    const { enrolment, lesson } = await this.db.transaction(async (m) => {
      const opened = await this.open(m, actor, enrolmentId, lessonId);
      await this.writer.opened(m, opened.enrolment, opened.lesson.id, this.clock.now());
      // Opening a lesson can change the completion only on the first view (a course with nothing required
      // completes when it is first opened); later views skip the recount.
      if (!opened.enrolment.startedAt) await this.completion.recompute(opened.enrolment.id, m);
      return opened;
    });
    // Read after the commit: the enrolment's row lock is held only for the writes.
    return this.render(this.db.manager, enrolment.id, lesson);
  }

  /**
   * Marks a lesson done (text, document, link, external video, or an uploaded video whose duration the server could
   * not read from the file). An uploaded video of known duration needs 90% of that duration watched, as counted from
   * the player's reports: 409 with the watched percentage otherwise. Idempotent: a second call changes nothing.
   */
  async complete(actor: Actor, enrolmentId: string, lessonId: string): Promise<LessonCompletionResponse> {
    return this.db.transaction(async (m) => {
      const { enrolment, lesson } = await this.open(m, actor, enrolmentId, lessonId);
      const before = await this.writer.find(m, enrolment.id, lesson.id);
      const duration = knownVideoDuration(lesson);
      if (!before?.completedAt && duration !== null) {
        const watchedSeconds = before?.videoWatchedSeconds ?? 0;
        if (watchedSeconds < duration * VIDEO_WATCHED_RATIO) {
          const watched = watchedPercent(watchedSeconds, duration);
          throw new ConflictError(
            `watch at least ${VIDEO_WATCHED_RATIO * 100}% of the video before marking it done: ` +
              `${watched}% of ${Math.round(duration)} s watched so far (it completes by itself once watched)`,
            { watchedPercent: watched, requiredPercent: VIDEO_WATCHED_RATIO * 100, durationSeconds: duration },
          );
        }
      }
      const changed = !before?.completedAt;
      const completedAt = before?.completedAt ?? (await this.writer.done(m, enrolment, lesson.id, this.clock.now()));
      const { progressPercent, completedAt: courseCompletedAt } = changed
        ? await this.completion.recompute(enrolment.id, m)
        : { progressPercent: enrolment.progressPercent, completedAt: enrolment.completedAt };
      const order = (await this.catalogue.outline(enrolment.versionId, null, m)).flatMap((r) =>
        r.lessonId ? [{ id: r.lessonId }] : [],
      );
      return {
        enrolmentId: enrolment.id,
        lessonId: lesson.id,
        completedAt: completedAt.toISOString(),
        changed,
        progressPercent,
        courseCompletedAt: courseCompletedAt?.toISOString() ?? null,
        nextLessonId: neighbours(order, lesson.id).nextId,
      };
    });
  }

  /**
   * The player's report on an uploaded video: accumulates the seconds watched plausibly (see accumulateWatch) and
   * completes the lesson at 90% of the duration. The duration is the file's, read at upload; the player's
   * `durationSeconds` counts only for a file whose duration the server does not know (it can be marked done anyway).
   */
  async reportVideo(
    actor: Actor,
    enrolmentId: string,
    lessonId: string,
    dto: VideoProgressDto,
  ): Promise<VideoProgressResponse> {
    return this.db.transaction(async (m) => {
      const { enrolment, lesson } = await this.open(m, actor, enrolmentId, lessonId);
      if (!isUploadedVideo(lesson)) {
        throw new ConflictError('only an uploaded video reports watching progress: mark this lesson as done instead');
      }
      const now = this.clock.now();
      const before = await this.writer.find(m, enrolment.id, lesson.id);
      const watch = accumulateWatch(
        {
          watchedSeconds: before?.videoWatchedSeconds ?? 0,
          positionSeconds: before?.videoPositionSeconds ?? null,
          lastSeenAt: before?.lastViewedAt ?? null,
        },
        {
          positionSeconds: dto.positionSeconds,
          durationSeconds: knownVideoDuration(lesson) ?? dto.durationSeconds,
          at: now,
        },
      );
      await this.writer.opened(m, enrolment, lesson.id, now);
      await this.writer.saveVideo(m, enrolment.id, lesson.id, watch);
      const completed = !!before?.completedAt || watch.watched;
      if (!before?.completedAt && watch.watched) await this.writer.done(m, enrolment, lesson.id, now);
      const state = await this.completion.recompute(enrolment.id, m);
      return {
        lessonId: lesson.id,
        watchedSeconds: watch.watchedSeconds,
        durationSeconds: watch.durationSeconds,
        positionSeconds: watch.positionSeconds,
        watchedPercent: watch.watchedPercent,
        completed,
        progressPercent: state.progressPercent,
        courseCompletedAt: state.completedAt?.toISOString() ?? null,
      };
    });
  }

  /** The actor's own enrolment (locked) and a lesson of its version: 404 for a missing one, 403 for another version's. */
  private async open(
    m: EntityManager,
    actor: Actor,
    enrolmentId: string,
    lessonId: string,
  ): Promise<{ enrolment: EnrolmentRow; lesson: LessonRow }> {
    const enrolment = await this.access.ownEnrolment(actor, enrolmentId, m, true);
    const lesson = await this.catalogue.lesson(lessonId, m);
    if (!lesson) throw new NotFoundError(`lesson ${lessonId} not found`);
    if (lesson.versionId !== enrolment.versionId) {
      throw new ForbiddenError('this lesson is not part of the course version you are enrolled in');
    }
    return { enrolment, lesson };
  }

  private async render(m: EntityManager, enrolmentId: string, lesson: LessonRow): Promise<LessonViewResponse> {
    const enrolment = await this.writer.enrolment(m, enrolmentId);
    const version = await this.catalogue.version(enrolment.versionId, m);
    if (!version) throw new NotFoundError(`course version ${enrolment.versionId} not found`);
    const outline = await this.catalogue.outline(enrolment.versionId, null, m);
    const progress = await this.writer.find(m, enrolmentId, lesson.id);
    return lessonView({ enrolment, version, outline, lesson, progress });
  }
}
