// The page's only way out: `window.tokenVault`, one function per method of the contract in
// api.ts, each a single invoke on one channel, plus `on(event, listener)` for main → page
// events. The page never sees ipcRenderer, an IPC event object, or any Electron/Node API.
// Runs sandboxed (bundled to one CommonJS file: sandboxed preloads cannot load modules).
import { contextBridge, ipcRenderer } from 'electron';
import { API_CHANNEL, EVENT_CHANNEL, METHOD_NAMES, type ApiEvents, type EventName, type TokenVaultApi } from './api';

/** Every event of the contract; `satisfies` makes the compiler flag a missing or unknown one. */
const EVENT_NAMES = Object.keys({ locked: true, clipboardCleared: true, notice: true, reminderDue: true, filesMadePrivate: true, vaultChanged: true, updateAvailable: true, entriesChanged: true, syncState: true, teamRotation: true, teamMove: true, teamSynced: true, lockSoon: true } satisfies Record<EventName, true>) as EventName[];

type Listener = (payload: unknown) => void;
const listeners = new Map<EventName, Set<Listener>>(EVENT_NAMES.map((name) => [name, new Set<Listener>()]));

// One IPC listener for all events; the page gets the payload only (plain data), never the
// IpcRendererEvent, whose `sender` would hand it ipcRenderer.
ipcRenderer.on(EVENT_CHANNEL, (_event, message: unknown) => {
  if (typeof message !== 'object' || message === null) return;
  const { event, payload } = message as { event?: unknown; payload?: unknown };
  const subscribers = typeof event === 'string' ? listeners.get(event as EventName) : undefined;
  if (!subscribers) return;
  for (const listener of subscribers) {
    try {
      listener(payload);
    } catch {
      // One page listener's failure must not stop the others from hearing the event.
    }
  }
});

const methodsApi = Object.fromEntries(
  METHOD_NAMES.map((method) => [method, (args: unknown) => ipcRenderer.invoke(API_CHANNEL, method, args ?? {})]),
);

const api = {
  ...methodsApi,
  on<E extends EventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
    const subscribers = listeners.get(event);
    if (!subscribers || typeof listener !== 'function') return () => undefined;
    const wrapped = listener as Listener;
    subscribers.add(wrapped);
    return () => {
      subscribers.delete(wrapped);
    };
  },
} as TokenVaultApi;

contextBridge.exposeInMainWorld('tokenVault', api);
