import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, Clock, ConfigModule } from '@app/common';
import { DbModule } from '@app/db';
import { HealthModule } from './health/health.module';
import { HomePageController } from './web/home.page.controller';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, clock?: Clock): DynamicModule {
    return {
      module: AppModule,
      imports: [ConfigModule.forRoot(config, clock), DbModule, HealthModule],
      controllers: [HomePageController],
    };
  }
}
