import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, Clock, ConflictError, ForbiddenError, NotFoundError } from '@app/common';
import { EnrolmentResponse, LearnerCourseResponse, MyLearningResponse } from './dto/learner.dto';
import { EnrolmentRepository, EnrolmentRow } from './enrolment.repository';
import { LearnerAccess } from './learner-access';
import { LearnerCatalogueRepository } from './learner-catalogue.repository';
import { LearnerCourseReader, toEnrolmentResponse } from './learner-course.reader';
import { groupMyLearning } from './my-learning';

export interface SelfEnrolmentResult {
  /** false when the person was already enrolled (the same enrolment is returned). */
  created: boolean;
  enrolment: EnrolmentResponse;
}

/** Self-enrolment, a learner's own enrolments and "my learning". */
@Injectable()
export class LearnerEnrolmentService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: LearnerAccess,
    private readonly enrolments: EnrolmentRepository,
    private readonly catalogue: LearnerCatalogueRepository,
    private readonly reader: LearnerCourseReader,
    private readonly clock: Clock,
  ) {}

  /**
   * Enrols the actor's person in a published course open to self-enrolment, on its published version; records
   * 'enrolled' once. Idempotent: an existing enrolment (self or assigned, any course status) is returned unchanged.
   */
  async enrolSelf(actor: Actor, courseId: string): Promise<SelfEnrolmentResult> {
    const personId = await this.access.requirePerson(actor);
    return this.db.transaction(async (m) => {
      const existing = await this.enrolments.findByCourse(personId, courseId, m);
      if (existing) return { created: false, enrolment: toEnrolmentResponse(existing) };
      const course = await this.catalogue.course(courseId, m);
      if (!course || course.status === 'draft' || !course.publishedVersionId) {
        throw new NotFoundError(`course ${courseId} not found in the catalogue`);
      }
      if (course.status === 'archived') {
        throw new ConflictError('this course is archived: it takes no new enrolments');
      }
      if (!course.openEnrolment) {
        throw new ForbiddenError('this course is not open to self-enrolment: learners are enrolled by assignment');
      }
      const now = this.clock.now();
      const id = await this.enrolments.insert(m, {
        personId,
        courseId,
        versionId: course.publishedVersionId,
        source: 'self',
        at: now,
      });
      // null: a concurrent request enrolled the person first; answer with that enrolment.
      if (!id) return { created: false, enrolment: toEnrolmentResponse(await this.mustFind(personId, courseId, m)) };
      await this.enrolments.recordEvent(m, id, null, 'enrolled', now);
      return { created: true, enrolment: toEnrolmentResponse(await this.mustFind(personId, courseId, m)) };
    });
  }

  /** One of the actor's enrolments as a course outline with done marks and "continue" (404 for anyone else's). */
  async get(actor: Actor, enrolmentId: string): Promise<LearnerCourseResponse> {
    const enrolment = await this.access.ownEnrolment(actor, enrolmentId);
    return this.reader.read(enrolment.versionId, enrolment, false);
  }

  /** The actor's enrolment in a course; ForbiddenError when they are not enrolled in it. */
  async forCourse(actor: Actor, courseId: string): Promise<EnrolmentResponse> {
    const personId = await this.access.requirePerson(actor);
    const enrolment = await this.enrolments.findByCourse(personId, courseId);
    if (!enrolment) throw new ForbiddenError('you are not enrolled in this course: enrol on the course page first');
    return toEnrolmentResponse(enrolment);
  }

  /** "My learning": assigned (by due date, overdue flagged), in progress, completed. */
  async myLearning(actor: Actor): Promise<MyLearningResponse> {
    const personId = await this.access.requirePerson(actor);
    return groupMyLearning(await this.enrolments.mine(personId), this.clock.today());
  }

  private async mustFind(personId: string, courseId: string, m: EntityManager): Promise<EnrolmentRow> {
    const found = await this.enrolments.findByCourse(personId, courseId, m);
    if (!found) throw new NotFoundError(`course ${courseId} not found in the catalogue`);
    return found;
  }
}
