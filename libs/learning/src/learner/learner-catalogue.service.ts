import { Injectable } from '@nestjs/common';
import { Actor, escapeLike, NotFoundError } from '@app/common';
import { CatalogueQueryDto, CatalogueResponse, LearnerCourseResponse } from './dto/learner.dto';
import { EnrolmentRepository } from './enrolment.repository';
import { LearnerAccess } from './learner-access';
import { LearnerCatalogueRepository } from './learner-catalogue.repository';
import { LearnerCourseReader } from './learner-course.reader';
import { topicTagsMatching } from '../courses/topic-tags';

/**
 * The catalogue: published courses open to self-enrolment, searchable ignoring diacritics and case, plus the
 * courses the caller is enrolled in. Open to anonymous visitors (actor null): enrolment is what needs a login.
 */
@Injectable()
export class LearnerCatalogueService {
  constructor(
    private readonly access: LearnerAccess,
    private readonly catalogue: LearnerCatalogueRepository,
    private readonly enrolments: EnrolmentRepository,
    private readonly reader: LearnerCourseReader,
  ) {}

  async list(actor: Actor | null, query: CatalogueQueryDto): Promise<CatalogueResponse> {
    const personId = await this.access.personIdOf(actor);
    const { items, total } = await this.catalogue.list(personId, {
      q: query.q ? escapeLike(query.q) : undefined,
      topics: query.q ? topicTagsMatching(query.q) : [],
      tag: query.tag,
      limit: query.limit,
      offset: query.offset,
    });
    return { items, total, limit: query.limit, offset: query.offset };
  }

  /** The topic tags of the courses the caller can see in the catalogue. */
  async tags(actor: Actor | null): Promise<string[]> {
    return this.catalogue.tags(await this.access.personIdOf(actor));
  }

  /**
   * A course page: an enrolled learner sees the version they are enrolled in (learners keep theirs, whatever the
   * course's status); anyone else sees the published version of a published course open to self-enrolment, or 404.
   */
  async course(actor: Actor | null, courseId: string): Promise<LearnerCourseResponse> {
    const personId = await this.access.personIdOf(actor);
    const enrolment = personId ? await this.enrolments.findByCourse(personId, courseId) : null;
    if (enrolment) return this.reader.read(enrolment.versionId, enrolment, false);
    const course = await this.catalogue.course(courseId);
    if (!course || course.status !== 'published' || !course.openEnrolment || !course.publishedVersionId) {
      throw new NotFoundError(`course ${courseId} not found in the catalogue`);
    }
    return this.reader.read(course.publishedVersionId, null, personId !== null);
  }
}
