// The packaging config: installers are built with asar and Electron's fuses set as the security checklist asks.

import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'

const config = parse(readFileSync('electron-builder.yml', 'utf8')) as Record<string, unknown>
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  scripts: Record<string, string>
  devDependencies: Record<string, string>
}

describe('electron-builder.yml', () => {
  it('turns the dangerous fuses off and the protective ones on', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false
    })
  })

  it('packs the app into an asar, better-sqlite3 unpacked, without rebuilding native modules', () => {
    expect(config.asar).toBe(true)
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**/*')
    expect(config.npmRebuild).toBe(false)
    expect(config.files).toContain('out/**/*')
  })

  it('npm run dist builds the app, then the installers', () => {
    expect(pkg.scripts.dist).toBe('electron-vite build && electron-builder')
    expect(pkg.devDependencies['electron-builder']).toBeTruthy()
  })
})
