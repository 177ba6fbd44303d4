// Lint: type-aware rules, plus the import boundaries the design holds (see docs/architecture.md).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group: [group], message })) }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: restrict(['../*', 'node:*'], 'core/ imports nothing outside core/.'),
  },
  {
    files: ['src/providers/**/*.ts'],
    rules: restrict(
      ['**/server/**', '**/storage/**', '**/pipeline/**'],
      'providers/ never import server/, storage/ or pipeline/.',
    ),
  },
  {
    files: ['src/storage/**/*.ts'],
    rules: restrict(
      ['**/server/**', '**/providers/**', '**/pipeline/**'],
      'storage/ knows nothing of HTTP or providers.',
    ),
  },
  {
    files: ['src/telemetry/**/*.ts'],
    rules: restrict(
      ['**/server/**', '**/pipeline/**'],
      'telemetry/ sees finished records, never HTTP or the attempt loop.',
    ),
  },
  {
    files: ['src/cache/**/*.ts'],
    rules: restrict(
      ['**/server/**', '**/pipeline/**', '**/providers/**'],
      'cache/ keys, stores and replays answers; it never sees HTTP, attempts or providers.',
    ),
  },
  {
    files: ['src/guard/**/*.ts'],
    rules: restrict(
      ['**/server/**', '**/pipeline/**', '**/providers/**', '**/storage/**', '**/telemetry/**'],
      'guard/ holds detectors and checks on text; it never sees HTTP, attempts, providers or stores.',
    ),
  },
  {
    // Tests read wire JSON whose shape is the thing under test.
    files: ['test/**/*.ts', '**/*.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
