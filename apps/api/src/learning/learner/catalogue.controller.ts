import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor } from '@app/common';
import { CatalogueQueryDto, CatalogueResponse, LearnerCatalogueService, LearnerCourseResponse } from '@app/learning';
import { Public } from '../../http/public.decorator';
import { uuidParam } from '../../http/validation';
import { OptionalActor, OptionalApiAuthGuard } from './optional-auth';

/**
 * The course catalogue: public (anyone may browse published courses open to self-enrolment). With a bearer token
 * it also lists the caller's own courses (even when not open) and their progress.
 */
@ApiTags('learning')
@ApiBearerAuth()
@Public()
@Controller('api/v1/catalogue')
@UseGuards(OptionalApiAuthGuard)
export class CatalogueController {
  constructor(private readonly catalogue: LearnerCatalogueService) {}

  /** `q` searches title and summary ignoring diacritics and case; `tag` filters by topic tag. */
  @Get()
  list(@OptionalActor() actor: Actor | null, @Query() query: CatalogueQueryDto): Promise<CatalogueResponse> {
    return this.catalogue.list(actor, query);
  }

  /** A course with its modules and lessons; an enrolled caller sees their version, done marks and "continue". */
  @Get(':courseId')
  get(
    @OptionalActor() actor: Actor | null,
    @Param('courseId', uuidParam('courseId')) courseId: string,
  ): Promise<LearnerCourseResponse> {
    return this.catalogue.course(actor, courseId);
  }
}
