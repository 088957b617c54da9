// Jest for Stryker (npm run mutation): one project, not two (Stryker's per-test coverage wraps a single test
// environment), with the e2e global setup (a migrated template database) and only the tests a mutation group names in
// MUTATION_TESTS (comma-separated paths from the repository root, set by scripts/mutation.js).
const { projects } = require('./jest.config');

const e2e = projects.find((p) => p.displayName === 'e2e');
const tests = (process.env.MUTATION_TESTS ?? '').split(',').filter(Boolean);
if (tests.length === 0) throw new Error('MUTATION_TESTS is empty: run the mutation tests through npm run mutation');

/** @type {import('jest').Config} */
module.exports = {
  ...e2e,
  displayName: 'mutation',
  testMatch: tests.map((t) => `<rootDir>/${t}`),
  testTimeout: 60000,
};
