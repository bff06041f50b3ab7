// Layers are enforced here (ARCHITECTURE.md): a file's folder says what it may import.
import tseslint from 'typescript-eslint'

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'child_process',
  'net',
  'tls',
  'crypto',
  'http',
  'https',
  'url',
  'util',
  'stream',
  'events',
  'dns',
]
const restrict = (names, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: names, message }] }],
})

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'docs/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: restrict(
      ['electron', 'react', 'react-dom', ...nodeBuiltins, '**/electron/**', '**/renderer/**'],
      'shared/ is pure: no electron, no Node built-ins, no React, nothing from electron/ or renderer/.',
    ),
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: restrict(
      ['electron', ...nodeBuiltins, '**/electron/**'],
      'The renderer runs sandboxed: it talks to main only through window.sendsmith.',
    ),
  },
  {
    files: ['electron/services/**/*.ts', 'electron/cli/**/*.ts'],
    rules: restrict(
      ['electron', 'electron-store', 'react', '**/renderer/**', '**/electron/main/**'],
      'Services and the CLI run in plain Node: never import electron (the router and glue live in electron/main).',
    ),
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/main/ipc.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportSpecifier[imported.name='ipcMain']",
          message: 'Only electron/main/ipc.ts registers IPC handlers.',
        },
      ],
    },
  },
)
