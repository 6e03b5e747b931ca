// Where the CLI and serve mode look for the archive and the resources when not told (--archive): the app's user-data folder.

import { existsSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  ARCHIVE_FILE_NAME,
  bundledResourcesDir,
  defaultArchivePath,
  defaultUserDataDir
} from '../../../src/main/locations'

describe('defaultUserDataDir', () => {
  it('follows XDG_CONFIG_HOME on Linux, as Electron does', () => {
    expect(defaultUserDataDir({ XDG_CONFIG_HOME: '/cfg' }, 'linux')).toBe('/cfg/Parallax')
    expect(defaultUserDataDir({}, 'linux')).toBe(join(homedir(), '.config', 'Parallax'))
  })

  it('uses APPDATA on Windows and Application Support on macOS', () => {
    expect(defaultUserDataDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toBe(
      join('C:\\Users\\a\\AppData\\Roaming', 'Parallax')
    )
    expect(defaultUserDataDir({}, 'darwin')).toBe(
      join(homedir(), 'Library', 'Application Support', 'Parallax')
    )
  })
})

describe('defaultArchivePath', () => {
  it('is Archive.parallax in the user-data folder', () => {
    expect(defaultArchivePath()).toBe(join(defaultUserDataDir(), ARCHIVE_FILE_NAME))
    expect(ARCHIVE_FILE_NAME).toBe('Archive.parallax')
  })
})

describe('bundledResourcesDir', () => {
  it('finds the checkout resources with the sample archive', () => {
    const dir = bundledResourcesDir()
    expect(dir).toBe(resolve('resources'))
    expect(existsSync(join(dir, 'sample-archive', 'manifest.json'))).toBe(true)
  })
})
