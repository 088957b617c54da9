import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { LearningModule } from '@app/learning';
import { OrgModule } from '@app/org';
import { AuthoringPageController } from './authoring.page.controller';
import { CourseFilesController, FilesPageController } from './course-files.controller';
import { CourseUploadMiddleware } from './course-upload.middleware';
import { CoursesController } from './courses.controller';

/**
 * Authoring: the course API (/api/v1/courses, modules, lessons, files), file downloads for API and pages
 * (/api/v1/files/:id, /files/:id), and the organiser pages under /authoring.
 */
@Module({
  imports: [LearningModule, OrgModule],
  controllers: [CoursesController, CourseFilesController, FilesPageController, AuthoringPageController],
})
export class AuthoringModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(CourseUploadMiddleware)
      .forRoutes(
        { path: 'api/v1/courses/:courseId/files', method: RequestMethod.POST },
        { path: 'authoring/courses/:courseId/files', method: RequestMethod.POST },
        { path: 'authoring/lessons/:lessonId/file', method: RequestMethod.POST },
      );
  }
}
