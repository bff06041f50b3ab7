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
