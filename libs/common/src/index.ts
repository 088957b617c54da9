export * from './actor';
export * from './clock';
export * from './config/app-config';
export * from './config/config.module';
export * from './config/env';
export * from './errors/domain-errors';
export * from './logging/logger';
export * from './text';
