import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { IdentityModule } from '@app/identity';
import { OrgModule } from '@app/org';
import { ViewerMiddleware } from '../http/auth';
import { AuthController } from './auth.controller';
import { LoginPageController } from './login.page.controller';

/** Login (API token and web session), logout, TOTP, and the viewer middleware for every page. */
@Module({
  imports: [IdentityModule, OrgModule],
  controllers: [AuthController, LoginPageController],
})
export class AuthModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(ViewerMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
