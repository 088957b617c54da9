import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'moc:isPublic';

/** Marks a route or controller as open to anyone. Every other route must declare a guard (test/e2e/platform/route-guards). */
export const Public = (): ClassDecorator & MethodDecorator => SetMetadata(IS_PUBLIC, true);
