import type { Provider } from '@nestjs/common';
import { CourseAccess } from './course-access.service';
import { CourseFilesService } from './course-files.service';
import { CourseOutlineService } from './course-outline.service';
import { CourseVersions } from './course-versions.service';
import { CourseRepository } from './course.repository';
import { CoursesService } from './courses.service';
import { FinalExamChecks } from './final-exam-check';

/** The providers of this part of the learning library (registered and exported by LearningModule). */
export const COURSE_PROVIDERS: Provider[] = [
  CourseRepository,
  CourseAccess,
  CourseVersions,
  CoursesService,
  CourseOutlineService,
  CourseFilesService,
  FinalExamChecks,
];

export * from './dto/course.dto';
export * from './dto/module.dto';
export * from './topic-tags';
export { sanitizeLessonHtml } from './lesson-html';
export { checkHttpUrl } from './lesson-content';
export { AUTHORS, CoursesService } from './courses.service';
export { CourseAccess } from './course-access.service';
export { CourseOutlineService } from './course-outline.service';
export { CourseVersions } from './course-versions.service';
export { FinalExamCheck, FinalExamChecks } from './final-exam-check';
export {
  ALLOWED_UPLOAD_TYPES,
  CourseFilesService,
  CourseFileUpload,
  DEFAULT_UPLOAD_LIMITS,
  OpenedCourseFile,
  UnsupportedMediaTypeError,
} from './course-files.service';
