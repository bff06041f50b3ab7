import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { buildSendsmithApi } from '../../shared/api'

// The only thing that crosses the bridge: window.sendsmith, built from the contract.
contextBridge.exposeInMainWorld(
  'sendsmith',
  buildSendsmithApi(
    (channel, payload) => ipcRenderer.invoke(channel, payload),
    (event, listener) => {
      const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload)
      ipcRenderer.on(event, wrapped)
      return () => ipcRenderer.removeListener(event, wrapped)
    },
  ),
)
