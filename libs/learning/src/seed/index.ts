import type { Provider } from '@nestjs/common';
import { DemoCourseSeeder } from './demo-course.seeder';

export * from './demo-course.content';
export * from './demo-course.seed';
export * from './demo-course.seeder';

/** The providers of this part of the learning library (registered and exported by LearningModule). */
export const LEARNING_SEED_PROVIDERS: Provider[] = [DemoCourseSeeder];
