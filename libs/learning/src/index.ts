export * from './learning.module';
export * from './courses';
export * from './learner';
export * from './assignments';
export * from './reminders';
export * from './seed';
