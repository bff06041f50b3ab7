import { readFileSync, statSync } from 'node:fs'
import { load } from 'js-yaml'
import { describe, expect, it } from 'vitest'
// electron-builder's own validator over its own schema (scheme.json): packaging cannot run here
// (it downloads Electron), so the configuration is checked the way `npm run dist` would check it.
import { validateConfiguration } from 'app-builder-lib/out/util/config/config'
import FpmTarget from 'app-builder-lib/out/targets/FpmTarget'

const quiet = { isEnabled: false, add() {} } as unknown as Parameters<typeof validateConfiguration>[1]
const config = load(readFileSync('electron-builder.yml', 'utf8')) as Record<string, unknown> & {
  linux: { target: string[]; syncDesktopName: boolean; extraResources: { from: string; to: string }[] }
  mac: { target: string[]; entitlements: string }
  win: { target: string[] }
  deb: { depends: string[]; recommends: string[]; afterInstall: string }
  electronFuses: Record<string, boolean>
  protocols: { schemes: string[] }[]
  fileAssociations: { ext: string | string[] }[]
  publish: unknown
}
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  desktopName: string
  dependencies: Record<string, string>
  devDependencies: Record<string, string>
}

describe('electron-builder.yml', () => {
  it('passes electron-builder’s schema', async () => {
    await expect(validateConfiguration(config as never, quiet)).resolves.toBeUndefined()
  })

  it('the schema check can fail: a misspelt option is refused', async () => {
    await expect(validateConfiguration({ ...config, asarUnpak: [] } as never, quiet)).rejects.toThrow(/asarUnpak/)
  })

  it('builds AppImage and deb, dmg with the zip auto-update needs, and nsis; unpacks keytar; no native rebuild', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb'])
    expect(config.mac.target).toEqual(['dmg', 'zip'])
    expect(config.win.target).toEqual(['nsis'])
    expect(config.asarUnpack).toContain('node_modules/@github/keytar/**')
    expect(config.npmRebuild).toBe(false)
    expect(config.publish).toBeDefined()
    expect(statSync(config.mac.entitlements).isFile()).toBe(true)
  })

  it('flips the Electron fuses an attacker would use: no RunAsNode, NODE_OPTIONS or --inspect; asar only and checked', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    })
  })

  it('the deb keeps every dependency electron-builder would add itself, plus libsecret, and recommends a Secret Service', () => {
    const defaults = (FpmTarget.prototype as unknown as { getDefaultDepends(t: string): string[] }).getDefaultDepends(
      'deb',
    )
    expect(defaults.length).toBeGreaterThan(5)
    expect(config.deb.depends).toEqual(expect.arrayContaining([...defaults, 'libsecret-1-0']))
    expect(config.deb.recommends).toContain('libappindicator3-1')
    expect(config.deb.recommends.join(' ')).toMatch(/gnome-keyring \| kwalletmanager/)
    expect(config.deb.depends.join(' ')).not.toMatch(/gnome-keyring|kwallet/)
  })

  it('is the system mail app: mailto: protocol, desktopName for xdg-settings, .eml .html .mjml associations', () => {
    expect(config.protocols.flatMap((p) => p.schemes)).toEqual(['mailto'])
    expect(pkg.desktopName).toBe('sendsmith.desktop')
    expect(config.linux.syncDesktopName).toBe(true)
    expect(config.fileAssociations.flatMap((a) => a.ext)).toEqual(['eml', 'html', 'htm', 'mjml'])
  })

  it('/usr/bin/sendsmith in the deb runs the command line, not the window', () => {
    const script = readFileSync(config.deb.afterInstall, 'utf8')
    expect(script).toContain(
      "'/usr/bin/${executable}' '${executable}' '/opt/${sanitizedProductName}/resources/sendsmith-cli.sh'",
    )
    expect(script).not.toContain("'/opt/${sanitizedProductName}/${executable}' 100")
    expect(config.linux.extraResources).toContainEqual({ from: 'build/linux/sendsmith-cli.sh', to: 'sendsmith-cli.sh' })
    expect(readFileSync('build/linux/sendsmith-cli.sh', 'utf8')).toContain('exec /opt/Sendsmith/sendsmith --cli "$@"')
    expect(statSync('build/linux/sendsmith-cli.sh').mode & 0o111).not.toBe(0)
  })
})

describe('package.json dependencies', () => {
  const buildTools = [
    'electron',
    'electron-builder',
    'electron-vite',
    'vite',
    'esbuild',
    'typescript',
    'vitest',
    'eslint',
    'prettier',
  ]
  const rendererOnly = /^(react|react-dom|codemirror|@codemirror\/.*|@fluentui\/.*|@tiptap\/.*)$/

  it('ships no build tool and no renderer-only package (electron-vite bundles those into the renderer)', () => {
    const shipped = Object.keys(pkg.dependencies)
    expect(shipped.filter((name) => buildTools.includes(name))).toEqual([])
    expect(shipped.filter((name) => rendererOnly.test(name))).toEqual([])
    for (const tool of ['electron', 'electron-builder', 'electron-vite'])
      expect(pkg.devDependencies[tool]).toBeDefined()
  })

  it('uses the maintained keytar fork and electron-updater', () => {
    expect(pkg.dependencies['@github/keytar']).toBeDefined()
    expect(pkg.dependencies.keytar).toBeUndefined()
    expect(pkg.dependencies['electron-updater']).toBeDefined()
  })
})
