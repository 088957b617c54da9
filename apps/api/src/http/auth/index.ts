export * from './api-auth.guard';
export * from './current-actor.decorator';
export * from './csrf';
export * from './login-csrf.guard';
export * from './permission.guard';
export * from './request-auth';
export * from './viewer.middleware';
export * from './web-session.guard';
