// Mutation testing (npm run mutation; see TESTING.md). scripts/mutation.js runs Stryker once per group of modules,
// with the tests of that group (MUTATION_TESTS) and the modules to mutate (--mutate); this file holds what is common.
const reportDir = process.env.MUTATION_REPORT_DIR ?? 'test-artifacts/mutation/adhoc';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  jest: { projectType: 'custom', configFile: 'jest.mutation.config.js', enableFindRelatedTests: false },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  // Each mutant runs only the tests that covered its code in the first (dry) run.
  coverageAnalysis: 'perTest',
  // Two cores, shared: one test process at a time (the e2e tests use PostgreSQL and boot the app).
  concurrency: 1,
  timeoutMS: 60000,
  timeoutFactor: 2,
  dryRunTimeoutMinutes: 20,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `${reportDir}/mutation.html` },
  jsonReporter: { fileName: `${reportDir}/mutation.json` },
  // Messages are not guarantees: a changed error text is checked where it matters (field names), not everywhere.
  mutator: { excludedMutations: ['StringLiteral'] },
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  // Not copied into the sandbox. Anchored at the root: an unanchored 'coverage' also dropped libs/coverage and the
  // coverage pages and tests (apps/api/src/coverage, test/e2e/coverage) from it.
  ignorePatterns: ['/.data', '/test-artifacts', '/coverage', '/dist', '/.stryker-tmp'],
};
