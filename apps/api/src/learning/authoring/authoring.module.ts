import { Module } from '@nestjs/common';
import { LearningModule } from '@app/learning';
import { OrgModule } from '@app/org';
import { AuthoringPageController } from './authoring.page.controller';
import { CourseFilesController, FilesPageController } from './course-files.controller';
import { CoursesController } from './courses.controller';

/**
 * Authoring: the course API (/api/v1/courses, modules, lessons, files), file downloads for API and pages
 * (/api/v1/files/:id, /files/:id), and the organiser pages under /authoring. Uploads are parsed by the streamed
 * upload mechanism (http/uploads, UploadsModule).
 */
@Module({
  imports: [LearningModule, OrgModule],
  controllers: [CoursesController, CourseFilesController, FilesPageController, AuthoringPageController],
})
export class AuthoringModule {}
