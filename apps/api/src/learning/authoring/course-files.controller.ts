import { Controller, Get, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiExcludeController, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor, PERMISSIONS, ValidationError } from '@app/common';
import { CourseFileResponse, CourseFilesService } from '@app/learning';
import { Policy } from '@app/org';
import {
  ApiAuthGuard,
  CurrentActor,
  PermissionGuard,
  RequirePermission,
  RequirePolicy,
  WebSessionGuard,
} from '../../http/auth';
import { uuidParam } from '../../http/validation';
import { receiveUpload } from '../../http/uploads';
import { sendCourseFile } from './send-course-file';

/** Streams the request's `file` part into the course's files (parsed by streamedUpload, http/uploads). */
export function receiveCourseFile(
  files: CourseFilesService,
  actor: Actor,
  courseId: string,
  req: Request,
): Promise<CourseFileResponse> {
  return receiveUpload(req, (upload) => {
    if (!upload) {
      throw new ValidationError('file: choose a file to upload (multipart field "file")', [
        { field: 'file', reason: 'missing' },
      ]);
    }
    return files.upload(actor, courseId, { originalName: upload.originalName, data: upload.stream });
  });
}

@ApiTags('course authoring')
@ApiBearerAuth()
@Controller('api/v1')
@UseGuards(ApiAuthGuard, PermissionGuard)
export class CourseFilesController {
  constructor(private readonly files: CourseFilesService) {}

  /**
   * Upload a file for the course's lessons (multipart field `file`). The type comes from the content: PDF,
   * images, MP4/WebM, MP3/M4A, Word/Excel/PowerPoint, text (415 otherwise); ≤ 200 MB for video and audio,
   * ≤ 20 MB for the rest (413).
   */
  @Post('courses/:courseId/files')
  @RequirePolicy(Policy.CourseAuthor)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } },
  })
  upload(
    @CurrentActor() actor: Actor,
    @Param('courseId', uuidParam('courseId')) courseId: string,
    @Req() req: Request,
  ): Promise<CourseFileResponse> {
    return receiveCourseFile(this.files, actor, courseId, req);
  }

  /** The file, for its course's authors and for learners enrolled on a version that uses it; Range supported. */
  @Get('files/:fileId')
  @RequirePermission(...PERMISSIONS)
  download(
    @CurrentActor() actor: Actor,
    @Param('fileId', uuidParam('fileId')) fileId: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    return sendCourseFile(this.files, actor, fileId, req, res);
  }
}

/** /files/:id for pages (lesson pages embed it): the same rules with the web session. */
@ApiExcludeController()
@Controller('files')
@UseGuards(WebSessionGuard, PermissionGuard)
@RequirePermission(...PERMISSIONS)
export class FilesPageController {
  constructor(private readonly files: CourseFilesService) {}

  @Get(':fileId')
  download(
    @CurrentActor() actor: Actor,
    @Param('fileId', uuidParam('fileId')) fileId: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    return sendCourseFile(this.files, actor, fileId, req, res);
  }
}
