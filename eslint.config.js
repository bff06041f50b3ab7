// Layers are enforced here (ARCHITECTURE.md): a file's folder says what it may import.
import { dirname, relative, resolve, sep } from 'node:path'
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

/** The feature folder a path lies in (renderer/src/features/<name>/...), or undefined. */
const featureOf = (path) => {
  const parts = relative(resolve(import.meta.dirname, 'renderer/src/features'), path).split(sep)
  return parts.length > 1 && parts[0] !== '..' ? parts[0] : undefined
}

/**
 * A renderer feature imports no other feature (what two share goes to renderer/src/components).
 * A rule of its own because imports are relative: no-restricted-imports sees '../compose/x', not
 * which folder that is; this one resolves the path against the importing file.
 */
const noCrossFeatureImports = {
  meta: {
    type: 'problem',
    messages: {
      cross: 'features/{{from}} may not import from features/{{to}}: move what both need to renderer/src/components.',
    },
  },
  create(context) {
    const from = featureOf(context.filename)
    if (from === undefined) return {}
    const check = (node) => {
      const source = node.source?.value
      if (typeof source !== 'string' || !source.startsWith('.')) return
      const to = featureOf(resolve(dirname(context.filename), source))
      if (to !== undefined && to !== from) context.report({ node: node.source, messageId: 'cross', data: { from, to } })
    }
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    }
  },
}

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
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    plugins: { sendsmith: { rules: { 'no-cross-feature-imports': noCrossFeatureImports } } },
    rules: { 'sendsmith/no-cross-feature-imports': 'error' },
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
