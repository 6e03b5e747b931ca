// Team members' passwords in the system keychain (Electron's safeStorage), kept beside the archive, never in it.

import { app, safeStorage } from 'electron'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { Secrets } from '../team/service'

const file = (): string => join(app.getPath('userData'), 'team-passwords.json')

function read(): Record<string, string> {
  try {
    return JSON.parse(readFileSync(file(), 'utf8')) as Record<string, string>
  } catch {
    return {}
  }
}

/**
 * Passwords by team address, encrypted with the OS keychain's key (Keychain on macOS, DPAPI on
 * Windows, the Secret Service on Linux). Where the OS offers no keychain nothing is stored, and
 * the Share and Join dialogs ask again.
 */
export const keychain: Secrets & { all(): Record<string, string> } = {
  get(url) {
    const sealed = read()[url]
    if (!sealed || !safeStorage.isEncryptionAvailable()) return undefined
    try {
      return safeStorage.decryptString(Buffer.from(sealed, 'base64'))
    } catch {
      return undefined
    }
  },
  /** Every password that can be read, by address (for the archive's writing thread). */
  all() {
    const out: Record<string, string> = {}
    for (const url of Object.keys(read())) {
      const password = keychain.get(url)
      if (password !== undefined) out[url] = password
    }
    return out
  },
  set(url, password) {
    if (!safeStorage.isEncryptionAvailable()) return
    const all = read()
    all[url] = safeStorage.encryptString(password).toString('base64')
    mkdirSync(dirname(file()), { recursive: true })
    writeFileSync(file(), JSON.stringify(all, null, 2), { mode: 0o600 })
  }
}
