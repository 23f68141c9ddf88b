import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'test/gql/',
      '.data/',
      'bench/results/',
      'dist/',
      'bench/.build/',
      'examples/web/src/gql/',
      'examples/web/dist/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      // Migrations are frozen in time and use Kysely<any> on purpose.
      '@typescript-eslint/no-explicit-any': 'off',
      'no-console': ['error', { allow: ['error', 'warn'] }],
    },
  },
  {
    files: ['src/graphql/print.ts', 'bench/**', 'chaos/**'],
    rules: { 'no-console': 'off' },
  },
);
