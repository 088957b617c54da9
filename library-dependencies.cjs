// The dependency direction between libraries, declared once: each library and the libraries it may import (through
// their index, `@app/<lib>`). Lower layers never import higher ones; `demo` may use every context; apps import
// libraries, never the reverse. Read by eslint.config.mjs (import-x/no-restricted-paths on production code) and by
// libs/db/src/library-dependencies.spec.ts (in npm test). Tests may import any library. See STYLE.md §1.
module.exports = {
  common: [],
  db: ['common'],
  audit: ['common', 'db'],
  jobs: ['common', 'db', 'audit'],
  storage: ['common', 'db', 'audit'],
  mail: ['common', 'db', 'audit', 'jobs'],
  org: ['common', 'db', 'audit', 'jobs', 'storage', 'mail'],
  identity: ['common', 'db', 'audit', 'jobs', 'storage', 'mail', 'org'],
  learning: ['common', 'db', 'audit', 'jobs', 'storage', 'mail', 'org', 'identity'],
  exams: ['common', 'db', 'audit', 'jobs', 'storage', 'mail', 'org', 'identity', 'learning'],
  certificates: ['common', 'db', 'audit', 'jobs', 'storage', 'mail', 'org', 'identity', 'learning', 'exams'],
  demo: ['common', 'db', 'audit', 'jobs', 'storage', 'mail', 'org', 'identity', 'learning', 'exams', 'certificates'],
};
