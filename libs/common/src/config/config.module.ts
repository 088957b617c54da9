import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from './app-config';
import { Clock } from '../clock';
import { StartBanner } from '../logging/start-banner';

/** Provides the one AppConfig (built before Nest boots), the Clock and the StartBanner everywhere. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig, clock: Clock = new Clock()): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: AppConfig, useValue: config }, { provide: Clock, useValue: clock }, StartBanner],
      exports: [AppConfig, Clock, StartBanner],
    };
  }
}
