import { readFileSync } from 'node:fs'
import { load } from 'js-yaml'
import { describe, expect, it } from 'vitest'
// electron-builder's own validator over its own schema (scheme.json): packaging cannot run here
// (it downloads Electron), so the configuration is checked the way `npm run dist` would check it.
import { validateConfiguration } from 'app-builder-lib/out/util/config/config'

const quiet = { isEnabled: false, add() {} } as unknown as Parameters<typeof validateConfiguration>[1]
const config = load(readFileSync('electron-builder.yml', 'utf8')) as Record<string, unknown> & {
  linux: { target: string[] }
  mac: { target: string[] }
  win: { target: string[] }
}

describe('electron-builder.yml', () => {
  it('passes electron-builder’s schema', async () => {
    await expect(validateConfiguration(config as never, quiet)).resolves.toBeUndefined()
  })

  it('the schema check can fail: a misspelt option is refused', async () => {
    await expect(validateConfiguration({ ...config, asarUnpak: [] } as never, quiet)).rejects.toThrow(/asarUnpak/)
  })

  it('builds AppImage and deb, dmg and nsis, unpacks keytar and does not rebuild native modules', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb'])
    expect(config.mac.target).toEqual(['dmg'])
    expect(config.win.target).toEqual(['nsis'])
    expect(config.asarUnpack).toContain('node_modules/keytar/**')
    expect(config.npmRebuild).toBe(false)
  })
})
