// Lint rules, including the layering rules of ../shared/STYLE.md ("What may import what"):
// app/ is pure, renderer/ never reaches main/ or Node, only main/electron touches Electron's main API,
// only the hardware service touches systeminformation, and a renderer feature never imports another.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = [
  'fs', 'path', 'os', 'child_process', 'http', 'https', 'net', 'crypto', 'url', 'util', 'stream', 'worker_threads',
  'readline', 'events', 'buffer', 'process', 'zlib', 'dns', 'tls', 'module', 'vm', 'assert',
];
const nodePatterns = [{ group: ['node:*'], message: 'Node APIs belong in main/.' }];
const electronPaths = [
  { name: 'electron', message: 'Import electron/main, electron/renderer or electron/common, and only where allowed.' },
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'tests/fixtures/lint/**', 'tests/fixtures/electronegativity/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: electronPaths }],
    },
  },
  {
    files: ['app/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...electronPaths,
            ...NODE_BUILTINS.map((name) => ({ name, message: 'app/ is pure: no Node APIs.' })),
            { name: 'react', message: 'app/ is pure: no React.' },
            { name: 'systeminformation', message: 'Only main/services/hardware may use systeminformation.' },
          ],
          patterns: [
            ...nodePatterns,
            { group: ['electron/*'], message: 'app/ is pure: no Electron.' },
            { group: ['**/main/*', '**/main/**', '**/renderer/**'], message: 'app/ imports only app/ (and resources/ data).' },
          ],
        },
      ],
    },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/electron/**', 'main/preload/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: electronPaths,
          patterns: [
            { group: ['electron/*'], message: 'Only main/electron/ may use Electron.' },
            { group: ['**/renderer/**'], message: 'main/ never imports the renderer.' },
          ],
        },
      ],
    },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/services/hardware/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "ImportDeclaration[source.value='systeminformation']", message: 'Only main/services/hardware may use systeminformation.' },
      ],
    },
  },
  {
    files: ['main/electron/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: electronPaths,
          patterns: [
            { group: ['electron/renderer'], message: 'The main process uses electron/main.' },
            { group: ['**/renderer/**'], message: 'main/ never imports the renderer.' },
          ],
        },
      ],
    },
  },
  {
    files: ['main/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...electronPaths, ...NODE_BUILTINS.map((name) => ({ name, message: 'The sandboxed preload has no Node.' }))],
          patterns: [
            ...nodePatterns,
            { group: ['electron/main', 'electron/common'], message: 'The preload uses electron/renderer only.' },
            { regex: '^\\.\\./\\.\\./app/(?!api/)', message: 'The preload imports only app/api/.' },
            { regex: '^\\.\\./(services|server|cli|electron)/', message: 'The preload imports only app/api/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...electronPaths,
            ...NODE_BUILTINS.map((name) => ({ name, message: 'The renderer has no Node.' })),
            { name: 'systeminformation', message: 'The renderer reaches hardware only through SizerApi.' },
          ],
          patterns: [
            ...nodePatterns,
            { group: ['electron/*'], message: 'The renderer reaches Electron only through window.sizer (lib/sizer-api.ts).' },
            { group: ['**/main/**'], message: 'The renderer never imports main/: use SizerApi.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/features/**/*.ts', 'renderer/features/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: electronPaths,
          patterns: [
            ...nodePatterns,
            { group: ['**/main/**'], message: 'The renderer never imports main/: use SizerApi.' },
            { regex: '^\\.\\./(?!\\.\\.)[^/]+/', message: 'A feature does not import another feature: move shared code to components/ or lib/.' },
            { regex: '/shell/', message: 'Imports flow components/lib -> features -> shell, not back.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/components/**', 'renderer/lib/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: electronPaths,
          patterns: [
            ...nodePatterns,
            { group: ['**/main/**'], message: 'The renderer never imports main/: use SizerApi.' },
            { regex: '/(features|shell)/', message: 'components/ and lib/ sit below features/ and shell/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['bin/**/*.js', 'scripts/**/*.js', 'scripts/**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
