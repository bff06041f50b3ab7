import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const eslint = new ESLint({ cwd: process.cwd() })

/** The rule ids ESLint reports for a snippet placed at a path in the tree. */
async function violations(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return result.messages.map((m) => m.ruleId ?? m.message)
}

describe('layer rules (ARCHITECTURE.md) are enforced by the linter', () => {
  it.each([
    ["import { readFileSync } from 'node:fs'\nexport const x = readFileSync", 'shared/bad.ts'],
    ["import { app } from 'electron'\nexport const x = app", 'shared/bad.ts'],
    ["import { useState } from 'react'\nexport const x = useState", 'shared/bad.ts'],
    ["import { ipcRenderer } from 'electron'\nexport const x = ipcRenderer", 'renderer/src/bad.ts'],
    ["import { join } from 'node:path'\nexport const x = join", 'renderer/src/bad.ts'],
    ["import { app } from 'electron'\nexport const x = app", 'electron/services/bad.ts'],
    ["import { BrowserWindow } from 'electron'\nexport const x = BrowserWindow", 'electron/cli/bad.ts'],
  ])('%s is refused in %s', async (code, path) => {
    expect(await violations(code, path)).toContain('no-restricted-imports')
  })

  it('only electron/main/ipc.ts may import ipcMain', async () => {
    expect(
      await violations(
        "import { ipcMain } from 'electron'\nexport const x = ipcMain",
        'electron/main/windows-extra.ts',
      ),
    ).toContain('no-restricted-syntax')
    expect(
      await violations("import { ipcMain } from 'electron'\nexport const x = ipcMain", 'electron/main/ipc.ts'),
    ).toEqual([])
  })

  it('refuses an import from one renderer feature into another, however the path is written', async () => {
    const rule = 'sendsmith/no-cross-feature-imports'
    const code = (from: string) => `import { ComposeForm } from '${from}'\nexport const x = ComposeForm`
    expect(await violations(code('../compose/compose-form'), 'renderer/src/features/merge/bad.tsx')).toContain(rule)
    expect(
      await violations(code('../../compose/compose-form'), 'renderer/src/features/accounts/test/bad.tsx'),
    ).toContain(rule)
    expect(
      await violations(code('../../../features/compose/compose-form'), 'renderer/src/features/merge/setup/bad.tsx'),
    ).toContain(rule)
    expect(
      await violations("export { MergeScreen } from '../merge/merge-screen'", 'renderer/src/features/inbox/bad.ts'),
    ).toContain(rule)
    // Within a feature, from shared components, and from app.tsx (which puts the screens together): allowed.
    expect(await violations(code('./compose-form'), 'renderer/src/features/compose/fine.tsx')).toEqual([])
    expect(
      await violations(code('../round-trip/round-trip-panel'), 'renderer/src/features/accounts/test/fine.tsx'),
    ).toEqual([])
    expect(await violations(code('../../components/account-picker'), 'renderer/src/features/merge/fine.tsx')).toEqual(
      [],
    )
    expect(await violations(code('./features/compose/compose-form'), 'renderer/src/fine.tsx')).toEqual([])
  })

  it('allows what each layer needs', async () => {
    expect(await violations("import { z } from 'zod'\nexport const x = z", 'shared/fine.ts')).toEqual([])
    expect(
      await violations(
        "import { readFile } from 'node:fs/promises'\nexport const x = readFile",
        'electron/services/fine.ts',
      ),
    ).toEqual([])
  })
})
