import { Extensions1763892000000 } from './1763892000000-Extensions';

/** Every migration, oldest first. Listed explicitly so the app, the CLI and the tests load the same set. */
export const MIGRATIONS = [
  Extensions1763892000000,
];
