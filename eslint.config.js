// ESLint flat config: typescript-eslint's recommended rules; generated codecs are not linted
// (they are checked by the stale-output test instead).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/generated/**', 'var/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The dashboard is a plain ES module run by the browser as is (no bundler, no build step).
    files: ['src/console/dashboard/**/*.js'],
    languageOptions: {
      sourceType: 'module',
      globals: Object.fromEntries(
        [
          'document',
          'location',
          'history',
          'sessionStorage',
          'WebSocket',
          'Node',
          'CSS',
          'ResizeObserver',
          'URLSearchParams',
          'setTimeout',
          'clearTimeout',
          'setInterval',
          'clearInterval',
        ].map((g) => [g, 'readonly']),
      ),
    },
  },
  {
    files: ['test/**', 'src/**/*.test.ts', 'src/**/cli.ts', 'src/cli/**'],
    rules: { 'no-console': 'off' },
  },
);
