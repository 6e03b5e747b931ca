// Electron IPC face: one channel serves every contract method through dispatch(); only our own page may call.

import { ipcMain, type IpcMainInvokeEvent } from 'electron'
import type { ArchiveApi } from '../../shared/api'
import type { ReplyLink } from '../../shared/codec'
import { dispatchReady, type ReadyReads } from './dispatch'

export const INVOKE_CHANNEL = 'parallax:invoke'
export const COMMAND_CHANNEL = 'parallax:command'

/**
 * Serves the contract over IPC; `getApi` returns the archive open now (it changes on File > Open),
 * `getReads` its read pool's replies, as bytes or links to fetch, which go to the page as they are
 * (the preload decodes them: readIpcReply).
 */
export function serveIpc(
  getApi: () => ArchiveApi,
  isTrustedUrl: (url: string) => boolean,
  getReads: () => ReadyReads<Uint8Array | ReplyLink> | undefined = () => undefined
): () => void {
  const handler = (event: IpcMainInvokeEvent, method: unknown, args: unknown): Promise<unknown> => {
    const url = event.senderFrame?.url ?? ''
    if (!isTrustedUrl(url)) {
      return Promise.resolve({
        ok: false,
        error: { code: 'INVALID_ARGUMENT', message: 'Untrusted caller.' }
      })
    }
    return dispatchReady(getApi(), getReads(), String(method), args)
  }
  ipcMain.handle(INVOKE_CHANNEL, handler)
  return () => ipcMain.removeHandler(INVOKE_CHANNEL)
}
