// The desktop shell's URL checks as pure functions: only app://parallax is the app, and its files never leave the renderer folder.

import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  APP_INDEX_URL,
  appFileHeaders,
  appFilePath,
  isAppUrl,
  originOf
} from '../../../src/main/app-url'
import { tempDir } from '../../helpers/archive'

describe('isAppUrl', () => {
  it('accepts the app’s own pages', () => {
    expect(isAppUrl(APP_INDEX_URL)).toBe(true)
    expect(isAppUrl('app://parallax/')).toBe(true)
    expect(isAppUrl('app://parallax/assets/index-abc.js?x=1#top')).toBe(true)
  })

  it('refuses file: URLs that merely mention the renderer (the old check let these through)', () => {
    expect(isAppUrl('file:///tmp/evil.html?x=/renderer/index.html')).toBe(false)
    expect(isAppUrl('file:///tmp/evil.html#/renderer/index.html')).toBe(false)
    expect(isAppUrl('file://host/share/renderer/index.html')).toBe(false)
    expect(isAppUrl('file:///opt/Parallax/resources/app.asar/out/renderer/index.html')).toBe(false)
  })

  it('refuses other hosts, ports, credentials, schemes and junk', () => {
    for (const url of [
      'app://evil/index.html',
      'app://parallax.evil.com/index.html',
      'app://parallax:8080/index.html',
      'app://user:pw@parallax/index.html',
      'app://user@parallax/index.html',
      'https://parallax/index.html',
      'http://127.0.0.1:5173/index.html',
      'devtools://devtools/bundled/inspector.html',
      'javascript:alert(1)//app://parallax/',
      'data:text/html,<a>app://parallax/</a>',
      'about:blank',
      '',
      'not a url'
    ])
      expect(isAppUrl(url), url).toBe(false)
  })

  it('originOf builds scheme://host, which Node leaves "null" for schemes it does not know', () => {
    expect(new URL(APP_INDEX_URL).origin).toBe('null')
    expect(originOf(APP_INDEX_URL)).toBe('app://parallax')
    expect(originOf('https://example.org:8443/x')).toBe('https://example.org:8443')
    expect(originOf('::')).toBeNull()
  })
})

describe('appFilePath', () => {
  const root = tempDir()
  mkdirSync(join(root, 'assets'))
  writeFileSync(join(root, 'index.html'), '<!doctype html>')
  writeFileSync(join(root, 'assets', 'a b.js'), '')

  it('maps the app’s URLs to files in the renderer folder', () => {
    expect(appFilePath('app://parallax/', root)).toBe(join(root, 'index.html'))
    expect(appFilePath('app://parallax/index.html?x=1#y', root)).toBe(join(root, 'index.html'))
    expect(appFilePath('app://parallax/assets/a%20b.js', root)).toBe(join(root, 'assets', 'a b.js'))
  })

  it('never leaves the renderer folder', () => {
    for (const url of [
      'app://parallax/../../etc/passwd',
      'app://parallax/%2e%2e/%2e%2e/etc/passwd',
      'app://parallax/%2E%2E/secret',
      'app://parallax/..%2f..%2fetc%2fpasswd',
      'app://parallax/assets/..%2f..%2f..%2fetc/passwd',
      'app://parallax/..%5c..%5cwindows%5cwin.ini',
      'app://parallax/index.html%00.js',
      'app://parallax/%E0%A4%A',
      'app://parallax/..'
    ]) {
      const file = appFilePath(url, root)
      if (file !== null) expect(file.startsWith(root + '/'), `${url} → ${file}`).toBe(true)
    }
    expect(appFilePath('app://parallax/%2e%2e/%2e%2e/etc/passwd', root)).not.toBe('/etc/passwd')
    expect(appFilePath('app://parallax/..%2f..%2fetc%2fpasswd', root)).toBeNull()
    expect(appFilePath('app://parallax/..%5c..%5cwindows%5cwin.ini', root)).toBeNull()
    expect(appFilePath('app://parallax/index.html%00.js', root)).toBeNull()
  })

  it('answers nothing for other hosts and schemes', () => {
    expect(appFilePath('app://evil/index.html', root)).toBeNull()
    expect(appFilePath('file:///tmp/evil.html?x=/renderer/index.html', root)).toBeNull()
    expect(appFilePath(`file://${root}/index.html`, root)).toBeNull()
  })

  it('sends each file with its type and the renderer’s Content Security Policy', () => {
    expect(appFileHeaders('/r/index.html')['Content-Type']).toBe('text/html; charset=utf-8')
    expect(appFileHeaders('/r/a.JS')['Content-Type']).toBe('text/javascript; charset=utf-8')
    expect(appFileHeaders('/r/a.css')['Content-Type']).toBe('text/css; charset=utf-8')
    expect(appFileHeaders('/r/f.woff2')['Content-Type']).toBe('font/woff2')
    expect(appFileHeaders('/r/x.bin')['Content-Type']).toBe('application/octet-stream')
    const csp = appFileHeaders('/r/index.html')['Content-Security-Policy']
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("object-src 'none'")
  })
})
