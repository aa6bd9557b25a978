import js from '@eslint/js';
import globals from 'globals';

export default [
  { ignores: ['**/node_modules/', 'target/', 'browser-tests/screenshots/'] },
  js.configs.recommended,
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  {
    // the dashboard: ES modules loaded by the browser (index.html's <script type="module">)
    files: ['src/main/resources/static/js/**/*.js'],
    languageOptions: { sourceType: 'module', globals: globals.browser },
  },
  {
    // the tooling and the tests run in Node
    files: ['**/*.mjs'],
    languageOptions: { sourceType: 'module', globals: globals.node },
  },
  {
    // the callbacks given to page.evaluate run in the page, not in Node
    files: ['browser-tests/**/*.mjs'],
    languageOptions: {
      globals: { document: 'readonly', window: 'readonly', localStorage: 'readonly', sessionStorage: 'readonly' },
    },
  },
];
