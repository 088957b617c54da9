import type { Provider } from '@nestjs/common';
import { CourseCompletedHooks } from './course-completed-hooks';
import { CourseCompletionService } from './course-completion.service';
import { EnrolmentRepository } from './enrolment.repository';
import { LearnerAccess } from './learner-access';
import { LearnerCatalogueRepository } from './learner-catalogue.repository';
import { LearnerCatalogueService } from './learner-catalogue.service';
import { LearnerCourseReader } from './learner-course.reader';
import { LearnerEnrolmentService } from './learner-enrolment.service';
import { LearnerProfileRepository } from './learner-profile.repository';
import { LearnerProfileService } from './learner-profile.service';
import { LessonProgressRepository } from './lesson-progress.repository';
import { LessonProgressService } from './lesson-progress.service';
import { LessonProgressWriter } from './lesson-progress.writer';

export * from './dto/learner.dto';
export { CompletionFacts, CompletionState, evaluateCompletion } from './completion-rule';
export { CourseCompletedHook, CourseCompletedHooks } from './course-completed-hooks';
export { CompletionResult, CourseCompletionService } from './course-completion.service';
export { continueLessonId, neighbours } from './course-outline';
export { LearnerAccess, NOT_ON_ROSTER_MESSAGE } from './learner-access';
export { LearnerCatalogueService } from './learner-catalogue.service';
export { LearnerEnrolmentService, SelfEnrolmentResult } from './learner-enrolment.service';
export { LearnerProfileService } from './learner-profile.service';
export { LessonProgressService } from './lesson-progress.service';
export { courseFileUrl } from './lesson-view';
export { groupMyLearning, learningState, type LearningState } from './my-learning';
export { VIDEO_WATCHED_RATIO, accumulateWatch, watchedPercent } from './video-watch';

/** The providers of this part of the learning library (registered and exported by LearningModule). */
export const LEARNER_PROVIDERS: Provider[] = [
  EnrolmentRepository,
  LearnerCatalogueRepository,
  LessonProgressRepository,
  LearnerProfileRepository,
  LearnerAccess,
  LearnerCourseReader,
  LessonProgressWriter,
  CourseCompletedHooks,
  CourseCompletionService,
  LearnerCatalogueService,
  LearnerEnrolmentService,
  LessonProgressService,
  LearnerProfileService,
];
