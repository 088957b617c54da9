import { Controller, Get, Render } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../http/public.decorator';

@ApiExcludeController()
@Public()
@Controller()
export class HomePageController {
  /** Open to all; the layout shows the viewer (set by the session middleware) when logged in. */
  @Get()
  @Render('pages/home')
  home(): { title: string } {
    return { title: 'Trang chủ' };
  }
}
