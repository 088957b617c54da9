import type { Provider } from '@nestjs/common';

/** The providers of this part of the learning library (registered and exported by LearningModule). */
export const COURSE_PROVIDERS: Provider[] = [];
