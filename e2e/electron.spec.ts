// The desktop shell, launched for real with Playwright's _electron where an Electron binary exists; skipped (and says so) elsewhere.

import { _electron as electron, expect, test } from '@playwright/test'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'

/** The Electron binary, found without requiring the electron package (that would try to download it). */
function electronBinary(): string | null {
  const dir = dirname(createRequire(__filename).resolve('electron/package.json'))
  const pathFile = join(dir, 'path.txt')
  if (!existsSync(pathFile)) return null
  const bin = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(bin) ? bin : null
}

const binary = electronBinary()
const SKIP_REASON =
  'No Electron binary on this machine (it cannot be downloaded here), so the desktop shell was not launched; serve mode covers the UI.'
if (!binary) console.log(`electron.spec.ts skipped: ${SKIP_REASON}`)

test.describe('desktop app (Electron)', () => {
  test.skip(!binary, SKIP_REASON)

  test('opens the sample archive in a hardened window with the app menu', async () => {
    const profile = mkdtempSync(join(tmpdir(), 'parallax-electron-'))
    const app = await electron.launch({
      executablePath: binary!,
      args: [resolve('out/main/index.js'), '--no-sandbox'],
      env: { ...process.env, PARALLAX_USER_DATA: profile }
    })
    try {
      const win = await app.firstWindow()
      await expect(win.getByRole('grid', { name: 'Sources' })).toBeVisible()
      await expect(win.getByRole('row', { name: /Bataille de Bakou/ })).toBeVisible()
      await expect(win).toHaveTitle(/Parallax/)
      // The renderer sees the contract and nothing of Node.
      const info = await win.evaluate(async () => {
        const w = window as unknown as {
          parallax: { archiveInfo(): Promise<{ sources: number }> }
          require?: unknown
          process?: unknown
        }
        return {
          sources: (await w.parallax.archiveInfo()).sources,
          require: typeof w.require,
          process: typeof w.process
        }
      })
      expect(info).toEqual({ sources: 2, require: 'undefined', process: 'undefined' })
      // Reads the read workers answer come to the page as their JSON in bytes, which the preload
      // decodes: the same sources, whole texts and all, as the main side's own answers.
      const read = await win.evaluate(async () => {
        const w = window as unknown as {
          parallax: {
            listSources(): Promise<{ id: string; title: string }[]>
            getSource(id: string): Promise<{ title: string; text: string }>
          }
        }
        const sources = await w.parallax.listSources()
        const texts = await Promise.all(sources.map((s) => w.parallax.getSource(s.id)))
        return texts.map((t, i) => ({
          same: t.title === sources[i].title,
          long: t.text.length > 1000
        }))
      })
      expect(read).toEqual([
        { same: true, long: true },
        { same: true, long: true }
      ])
      // A large answer (over 1 MB of JSON) comes as a link the preload fetches from app://, once.
      const large = await win.evaluate(async () => {
        const w = window as unknown as {
          parallax: {
            createSource(input: { title: string; text: string }): Promise<{ id: string }>
            getSource(id: string): Promise<{ title: string; text: string }>
          }
        }
        const paragraph = 'The oil fields of Baku changed hands twice in the autumn of 1918.'
        const text = Array.from({ length: 40_000 }, (_, i) => `${i}. ${paragraph}`).join('\n\n')
        const { id } = await w.parallax.createSource({ title: 'Long dossier', text })
        const source = await w.parallax.getSource(id)
        return { title: source.title, same: source.text === text, length: source.text.length }
      })
      expect(large).toMatchObject({ title: 'Long dossier', same: true })
      expect(large.length).toBeGreaterThan(2_500_000)
      // An import is written in the archive's own thread, its file read by a utility process
      // the main process started for that thread.
      const imported = await win.evaluate(async () => {
        const w = window as unknown as {
          parallax: {
            importFiles(
              files: { name: string; data: Uint8Array }[]
            ): Promise<{ imported: { title: string }[]; failed: unknown[] }>
          }
        }
        const data = new TextEncoder().encode('Letter from Enzeli\n\nThe flotilla sailed at dawn.')
        return w.parallax.importFiles([{ name: 'letter.txt', data }])
      })
      expect(imported).toMatchObject({ imported: [{ title: 'Letter from Enzeli' }], failed: [] })
      await win.getByRole('row', { name: /Bataille de Bakou/ }).dblclick()
      await expect(win.getByRole('region', { name: /^Reader: Bataille de Bakou/ })).toBeVisible()
      // The renderer comes from app://parallax, never a file: URL, and its files only from there.
      expect(win.url()).toBe('app://parallax/index.html')
      expect(await win.evaluate(() => location.origin)).toBe('app://parallax')
      const statuses = await win.evaluate(async () =>
        Promise.all(
          [
            'index.html',
            '%2e%2e/%2e%2e/%2e%2e/etc/passwd',
            '..%2f..%2f..%2fetc%2fpasswd',
            `_reply/${'0'.repeat(32)}`
          ].map(async (path) => (await fetch(`app://parallax/${path}`)).status)
        )
      )
      // A reply address nobody was given is not found either.
      expect(statuses).toEqual([200, 404, 404, 404])
      // Navigating the window elsewhere is stopped: it stays on the app.
      await win.evaluate(() => {
        location.href = 'file:///tmp/evil.html?x=/renderer/index.html'
      })
      await expect(win.getByRole('grid', { name: 'Sources' })).toBeVisible()
      expect(win.url()).toBe('app://parallax/index.html')
      const prefs = await app.evaluate(({ BrowserWindow }) => {
        const wc = BrowserWindow.getAllWindows()[0].webContents
        const p = (
          wc as unknown as { getLastWebPreferences(): Record<string, unknown> }
        ).getLastWebPreferences()
        return {
          contextIsolation: p.contextIsolation,
          sandbox: p.sandbox,
          nodeIntegration: p.nodeIntegration
        }
      })
      expect(prefs).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false })
      const menu = await app.evaluate(({ Menu }) =>
        Menu.getApplicationMenu()?.items.map((i) => i.label.replace('&', ''))
      )
      expect(menu).toEqual(expect.arrayContaining(['File', 'Edit', 'View', 'Help']))
      // window.open is denied.
      const opened = await win.evaluate(() => window.open('https://example.org') === null)
      expect(opened).toBe(true)
      expect(app.windows()).toHaveLength(1)
      await app.close()
      // Quitting waited for the archive to close: its write-ahead log is back in the file.
      expect(readdirSync(profile).filter((f) => f.endsWith('-wal'))).toEqual([])
    } finally {
      // Closed already unless a step above failed.
      await app.close().catch(() => undefined)
      rmSync(profile, { recursive: true, force: true })
    }
  })
})
