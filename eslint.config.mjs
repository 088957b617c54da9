// Type-checked lint (STYLE.md §5): `npm run lint` runs it with --max-warnings 0.
import eslint from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

// The dependency direction between libraries, declared once in library-dependencies.cjs.
import LIBRARY_DEPENDENCIES from './library-dependencies.cjs';

const LIBRARIES = Object.keys(LIBRARY_DEPENDENCIES);
const LAYER_ZONES = [
  ...LIBRARIES.map((lib) => ({
    target: `./libs/${lib}/src`,
    from: LIBRARIES.filter((other) => other !== lib && !LIBRARY_DEPENDENCIES[lib].includes(other)).map(
      (other) => `./libs/${other}/src`,
    ),
    message: `@app/${lib} may import only ${LIBRARY_DEPENDENCIES[lib].join(', ') || 'no other library'} (library-dependencies.cjs).`,
  })),
  { target: './libs', from: './apps', message: 'Libraries never import the apps.' },
].filter((zone) => zone.from.length > 0);

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.data/**',
      'coverage/**',
      'test-artifacts/**',
      '.stryker-tmp/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  eslint.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    settings: {
      // no-cycle must parse the imported .ts files too, and resolve `@app/*` through tsconfig paths.
      'import-x/extensions': ['.ts', '.js'],
      'import-x/external-module-folders': ['node_modules', 'node_modules/@types'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'tsconfig.json' })],
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      curly: ['error', 'multi-line'],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'error',
      // Libraries are imported through their index only: `@app/org`, never `@app/org/src/...`.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@app/*/*', '@app/*/*/**'],
              message: 'Import a library through its index (`@app/<lib>`), not a deep path.',
            },
          ],
        },
      ],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // NestJS modules and DTOs are decorated classes, often with no members of their own.
      '@typescript-eslint/no-extraneous-class': 'off',
      // Nest interfaces (guards, handlers, migrations) are async by contract even when a body is synchronous.
      '@typescript-eslint/require-await': 'off',
      // `void promise` is the way to fire and forget on purpose (signal handlers).
      'no-void': 'off',
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { attributes: false, arguments: false } },
      ],
    },
  },
  {
    // The dependency direction between libraries (library-dependencies.cjs), for production code.
    files: ['libs/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts'],
    rules: { 'import-x/no-restricted-paths': ['error', { zones: LAYER_ZONES }] },
  },
  {
    // Operator scripts and the benchmark print to the terminal on purpose.
    files: ['scripts/**/*.ts', 'test/bench/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // Tests read untyped response bodies (supertest `res.body: any`) and pass methods to expect().
    files: ['test/**/*.ts', '**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
