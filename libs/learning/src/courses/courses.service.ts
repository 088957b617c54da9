import { Injectable } from '@nestjs/common';
import { Actor, ConflictError, escapeLike, NotFoundError } from '@app/common';
import { UnitOfWork } from '@app/jobs';
import { permissionsOf, Policy, scopesFor } from '@app/org';
import { CourseAccess } from './course-access.service';
import { CourseVersions } from './course-versions.service';
import { CourseRepository, toFileResponse, VersionFields } from './course.repository';
import {
  CourseDetailResponse,
  CourseResponse,
  CourseVersionResponse,
  CreateCourseDto,
  ListCoursesQueryDto,
  UpdateCourseDto,
} from './dto/course.dto';
import { FinalExamChecks } from './final-exam-check';
import { orderTopicTags } from './topic-tags';

/** @deprecated name Policy.CourseAuthor (from @app/org) instead; kept for code written against it. */
export const AUTHORS = permissionsOf(Policy.CourseAuthor);

const VERSION_KEYS: Array<keyof VersionFields> = [
  'title',
  'summary',
  'language',
  'tags',
  'estimatedMinutes',
  'finalExam',
];

const sameValue = (a: unknown, b: unknown): boolean =>
  Array.isArray(a) && Array.isArray(b) ? a.length === b.length && a.every((x, i) => x === b[i]) : a === b;

const isUniqueViolation = (e: unknown, constraint: string): boolean => {
  const driver = (e as { driverError?: { code?: string; constraint?: string } }).driverError;
  return driver?.code === '23505' && driver.constraint === constraint;
};

/**
 * Course lifecycle: create, list, get, update metadata, publish, archive. Administrators and the organisers of the
 * owner unit's subtree author a course; to anyone else it does not exist (404) (CourseAccess).
 *
 * Version fields edited here go to the draft, copied from the published version first when there is none
 * (CourseVersions); modules and lessons are edited through CourseOutlineService.
 */
@Injectable()
export class CoursesService {
  constructor(
    private readonly work: UnitOfWork,
    private readonly courses: CourseRepository,
    private readonly access: CourseAccess,
    private readonly drafts: CourseVersions,
    private readonly finalExams: FinalExamChecks,
  ) {}

  // ---- courses ----

  async create(actor: Actor, dto: CreateCourseDto): Promise<CourseDetailResponse> {
    this.access.assertAuthor(actor);
    const ownerUnitId = dto.ownerUnitId ?? this.access.defaultOwnerUnit(actor);
    await this.access.assertMayOwn(actor, ownerUnitId);
    let id: string;
    try {
      id = await this.work.run(actor, async (tx) => {
        const { manager: m, now } = tx;
        if (await this.courses.codeTaken(m, dto.code)) throw this.codeTaken(dto.code);
        const courseId = await this.courses.insertCourse(m, {
          code: dto.code,
          ownerUnitId,
          openEnrolment: dto.openEnrolment ?? true,
          createdBy: actor.accountId,
          now,
        });
        const versionId = await this.courses.insertVersion(m, {
          courseId,
          versionNo: 1,
          title: dto.title,
          summary: dto.summary ?? '',
          language: dto.language ?? 'vi',
          tags: orderTopicTags(dto.tags ?? []),
          estimatedMinutes: dto.estimatedMinutes ?? null,
          finalExam: dto.finalExam ?? false,
          createdBy: actor.accountId,
          now,
        });
        await this.courses.updateCourse(m, courseId, { draftVersionId: versionId }, now);
        const details = { ownerUnitId, versionId };
        await tx.audit({ action: 'course.create', entity: 'course', entityId: courseId, details });
        return courseId;
      });
    } catch (e) {
      throw isUniqueViolation(e, 'uq_course_code') ? this.codeTaken(dto.code) : e;
    }
    return this.get(actor, id);
  }

  async list(actor: Actor, q: ListCoursesQueryDto): Promise<{ items: CourseResponse[]; total: number }> {
    this.access.assertAuthor(actor);
    const scopes = scopesFor(actor, Policy.CourseAuthor);
    return this.courses.list(scopes, {
      q: q.q ? escapeLike(q.q) : undefined,
      status: q.status,
      limit: q.limit ?? 50,
      offset: q.offset ?? 0,
    });
  }

  /** The course with its editable version (the draft, else the published one): modules, lessons, files. */
  async get(actor: Actor, courseId: string): Promise<CourseDetailResponse> {
    await this.access.authorCourse(actor, courseId);
    const course = await this.courses.findResponse(courseId);
    if (!course) throw new NotFoundError(`course ${courseId} not found`);
    const [modules, files] = await Promise.all([
      this.courses.outline(course.versionId),
      this.courses.courseFiles(courseId),
    ]);
    return {
      ...course,
      editingDraft: course.draftVersionId === course.versionId,
      modules,
      files: files.map(toFileResponse),
    };
  }

  async versions(actor: Actor, courseId: string): Promise<CourseVersionResponse[]> {
    await this.access.authorCourse(actor, courseId);
    return this.courses.versions(courseId);
  }

  /**
   * Metadata. Version fields that really change go to the draft (copied from the published version first when
   * there is none); code, openEnrolment and ownerUnitId are course fields and apply at once.
   */
  async update(actor: Actor, courseId: string, dto: UpdateCourseDto): Promise<CourseDetailResponse> {
    if (dto.ownerUnitId) await this.access.assertMayOwn(actor, dto.ownerUnitId);
    try {
      await this.work.run(actor, async (tx) => {
        const { manager: m, now } = tx;
        const course = await this.access.lockCourse(m, actor, courseId);
        const changed: string[] = [];
        if (dto.code !== undefined && dto.code !== course.code) {
          if (course.publishedVersionId) {
            throw new ConflictError('the code of a course cannot change once it has been published', [
              { field: 'code', reason: 'fixed once published' },
            ]);
          }
          if (await this.courses.codeTaken(m, dto.code, courseId)) throw this.codeTaken(dto.code);
          changed.push('code');
        }
        if (dto.openEnrolment !== undefined && dto.openEnrolment !== course.openEnrolment) {
          changed.push('openEnrolment');
        }
        if (dto.ownerUnitId !== undefined && dto.ownerUnitId !== course.ownerUnitId) changed.push('ownerUnitId');
        const courseChanges = changed.length > 0;
        if (courseChanges) {
          await this.courses.updateCourse(
            m,
            courseId,
            { code: dto.code, openEnrolment: dto.openEnrolment, ownerUnitId: dto.ownerUnitId },
            now,
          );
        }

        const current = await this.courses.versionFields(m, course.draftVersionId ?? course.publishedVersionId!);
        const versionSet: Partial<VersionFields> = {};
        for (const key of VERSION_KEYS) {
          const value = key === 'tags' && dto.tags ? orderTopicTags(dto.tags) : dto[key];
          if (value !== undefined && !sameValue(value, current[key])) {
            (versionSet as Record<string, unknown>)[key] = value;
            changed.push(key);
          }
        }
        let versionId = course.draftVersionId;
        if (Object.keys(versionSet).length > 0) {
          versionId = await this.drafts.ensureDraft(tx, course);
          await this.courses.updateVersion(m, versionId, versionSet);
          if (!courseChanges) await this.courses.updateCourse(m, courseId, {}, now);
        }
        const audit = { action: 'course.update', entity: 'course', entityId: courseId };
        if (changed.length > 0) await tx.audit({ ...audit, details: { versionId, fields: changed } });
      });
    } catch (e) {
      throw isUniqueViolation(e, 'uq_course_code') ? this.codeTaken(dto.code ?? '') : e;
    }
    return this.get(actor, courseId);
  }

  /**
   * Publishes the draft (it needs at least one lesson, and the course's final exam when `finalExam` is set): it
   * becomes what new enrolments get; learners enrolled on an earlier version keep theirs. Publishing an archived
   * course without a draft brings it back as published.
   */
  async publish(actor: Actor, courseId: string): Promise<CourseDetailResponse> {
    await this.work.run(actor, async (tx) => {
      const { manager: m, now } = tx;
      const course = await this.access.lockCourse(m, actor, courseId);
      const draftId = course.draftVersionId;
      if (!draftId) {
        if (course.status !== 'archived') {
          throw new ConflictError('there is no draft to publish: edit the course first', [
            { field: 'draftVersionId', reason: 'no draft' },
          ]);
        }
        await this.courses.updateCourse(m, courseId, { status: 'published' }, now);
        const details = { versionId: course.publishedVersionId };
        await tx.audit({ action: 'course.unarchive', entity: 'course', entityId: courseId, details });
        return;
      }
      if ((await this.courses.countLessons(m, { versionId: draftId })) === 0) {
        throw new ConflictError('a course needs at least one lesson before it can be published', [
          { field: 'lessons', reason: 'at least one lesson' },
        ]);
      }
      if ((await this.courses.versionFields(m, draftId)).finalExam) {
        if ((await this.finalExams.hasFinalExam(courseId, m)) === false) {
          throw new ConflictError('this course ends with a final exam, but it has none: create its final exam first', [
            { field: 'finalExam', reason: 'no final exam' },
          ]);
        }
      }
      await this.courses.markPublished(m, draftId, actor.accountId, now);
      await this.courses.updateCourse(
        m,
        courseId,
        { status: 'published', publishedVersionId: draftId, draftVersionId: null },
        now,
      );
      const versionNo = await this.courses.versionNo(m, draftId);
      const details = { versionId: draftId, versionNo, previousVersionId: course.publishedVersionId };
      await tx.audit({ action: 'course.publish', entity: 'course', entityId: courseId, details });
    });
    return this.get(actor, courseId);
  }

  /** No new enrolments; learners already enrolled keep their access. Archiving twice changes nothing. */
  async archive(actor: Actor, courseId: string): Promise<CourseDetailResponse> {
    await this.work.run(actor, async ({ manager: m, now, audit }) => {
      const course = await this.access.lockCourse(m, actor, courseId);
      if (course.status === 'archived') return;
      await this.courses.updateCourse(m, courseId, { status: 'archived' }, now);
      const details = { previousStatus: course.status };
      await audit({ action: 'course.archive', entity: 'course', entityId: courseId, details });
    });
    return this.get(actor, courseId);
  }

  // ---- helpers ----

  private codeTaken(code: string): ConflictError {
    return new ConflictError(`a course with code ${code} already exists`, [
      { field: 'code', reason: 'already used (codes ignore case)' },
    ]);
  }
}
