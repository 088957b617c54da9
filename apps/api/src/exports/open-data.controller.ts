import { Controller, Get, HttpCode, Param, Post, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeController, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor, PERMISSIONS } from '@app/common';
import { OPEN_DATA_MIN_COUNT, OPEN_DATA_RULE, OpenDataFileInfo, OpenDataService } from '@app/exports';
import { Policy } from '@app/org';
import { ApiOrSessionGuard, CurrentActor, PermissionGuard, RequirePermission, RequirePolicy } from '../http/auth';
import { Public } from '../http/public.decorator';
import { langOf } from '../web/page-helpers';
import { translate } from '../web/i18n';
import './exports.messages';

/** Publishing open data: administrators (of the root) only, audited. */
@ApiTags('exports')
@ApiBearerAuth()
@Controller('api/v1/open-data')
@UseGuards(ApiOrSessionGuard, PermissionGuard)
@RequirePermission(...PERMISSIONS)
export class OpenDataController {
  constructor(private readonly openData: OpenDataService) {}

  /**
   * Publishes today's coverage per province and role as CSV and JSON at /open-data/<name> (no personal data; counts
   * under 5 withheld). 201 with the files; 403 for anyone but an administrator.
   */
  @Post('coverage')
  @HttpCode(201)
  @RequirePolicy(Policy.RoleCatalogueManage)
  publish(@CurrentActor() actor: Actor): Promise<OpenDataFileInfo[]> {
    return this.openData.publish(actor);
  }
}

/** The public open-data page (what is published) and the files themselves: no login. */
@ApiExcludeController()
@Public()
@Controller('open-data')
export class OpenDataPageController {
  constructor(private readonly openData: OpenDataService) {}

  @Get()
  async list(@Res() res: Response): Promise<void> {
    const lang = langOf(res);
    const files = await this.openData.list();
    res.render('exports/open-data', {
      title: translate(lang, 'od.title'),
      rule: OPEN_DATA_RULE[lang],
      min: OPEN_DATA_MIN_COUNT,
      files: files.map((f) => ({ ...f, format: f.format.toUpperCase() })),
    });
  }

  @Get(':file')
  async file(@Param('file') name: string, @Res() res: Response): Promise<void> {
    const f = await this.openData.file(name);
    res.setHeader('Content-Type', f.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.setHeader('Digest', `sha-256=${Buffer.from(f.sha256, 'hex').toString('base64')}`);
    res.send(f.content);
  }
}
