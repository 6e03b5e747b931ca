// Preload: exposes window.parallax (the ArchiveApi, built from the contract's method list) and menu commands.

import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { API_METHODS } from '../shared/api'
import { readIpcReply } from '../shared/codec'

const INVOKE_CHANNEL = 'parallax:invoke'
const COMMAND_CHANNEL = 'parallax:command'

/** A large answer the main process left at an app:// address for this page to fetch (once). */
async function fetchReply(url: string): Promise<Uint8Array> {
  const response = await fetch(url, { cache: 'no-store' })
  if (!response.ok) throw new Error(`status ${response.status}`)
  return new Uint8Array(await response.arrayBuffer())
}

// Rejections carry the plain { code, message, details } payload; the renderer rethrows it as ArchiveError.
const api = Object.fromEntries(
  API_METHODS.map((method) => [
    method,
    async (...args: unknown[]) => {
      const raw: unknown = await ipcRenderer.invoke(INVOKE_CHANNEL, method, args)
      const response = await readIpcReply(raw, fetchReply)
      if (response.ok) return response.value
      throw response.error
    }
  ])
)

contextBridge.exposeInMainWorld('parallax', api)
contextBridge.exposeInMainWorld('parallaxShell', {
  platform: process.platform,
  onCommand(callback: (id: string) => void): () => void {
    const listener = (_event: IpcRendererEvent, id: string): void => callback(id)
    ipcRenderer.on(COMMAND_CHANNEL, listener)
    return () => ipcRenderer.removeListener(COMMAND_CHANNEL, listener)
  }
})
