import type { INestApplicationContext } from '@nestjs/common';
import type { DataSource } from 'typeorm';

let seq = 0;
/** A short unique suffix for codes and logins within a test file. */
export const unique = (prefix: string): string => `${prefix}${(++seq).toString(36)}${Date.now().toString(36).slice(-4)}`;

/** Test data factories: each test builds what it needs through the real services. */
export class Given {
  constructor(
    readonly app: INestApplicationContext,
    readonly db: DataSource,
  ) {}
}
