export * from './collation';
export * from './data-source';
export * from './db.module';
export * from './embedded-database';
export * from './embedded-postgres';
export * from './snake-naming.strategy';
