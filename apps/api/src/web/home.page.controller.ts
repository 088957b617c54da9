import { Controller, Get, Render } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { TargetsService } from '@app/coverage';
import { Public } from '../http/public.decorator';

@ApiExcludeController()
@Public()
@Controller()
export class HomePageController {
  constructor(private readonly targets: TargetsService) {}

  /** Open to all; the layout shows the viewer (set by the session middleware) when logged in; targets as data. */
  @Get()
  @Render('pages/home')
  async home(): Promise<{ title: string; targets: Awaited<ReturnType<TargetsService['programme']>> }> {
    return { title: 'Trang chủ', targets: await this.targets.programme() };
  }
}
