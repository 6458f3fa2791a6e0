// The browser preview's stand-in for preload: the same `window.tokenVault` shape, one POST
// per call to /api/<method> and server-sent events for main → page events. Served as a file
// by scripts/preview.ts, so the page keeps its strict CSP (no inline script). Never packaged.
import type { ApiEvents, EventName, TokenVaultApi } from '../../electron/api';

type Listener = (payload: unknown) => void;
const listeners = new Map<string, Set<Listener>>();
let source: EventSource | null = null;

function ensureEvents(): void {
  if (source) return;
  source = new EventSource('/api/events');
  source.onmessage = (message) => {
    let parsed: { event?: string; payload?: unknown };
    try {
      parsed = JSON.parse(message.data as string) as typeof parsed;
    } catch {
      return;
    }
    for (const listener of listeners.get(parsed.event ?? '') ?? []) {
      try {
        listener(parsed.payload);
      } catch {
        // One listener's failure must not silence the others.
      }
    }
  };
}

async function invoke(method: string, args: unknown): Promise<unknown> {
  const response = await fetch(`/api/${encodeURIComponent(method)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(args ?? {}),
  });
  return response.json();
}

const api = new Proxy({} as TokenVaultApi, {
  get(_target, name) {
    if (name === 'on') {
      return <E extends EventName>(event: E, listener: (payload: ApiEvents[E]) => void) => {
        ensureEvents();
        const set = listeners.get(event) ?? new Set<Listener>();
        listeners.set(event, set);
        set.add(listener as Listener);
        return () => set.delete(listener as Listener);
      };
    }
    if (typeof name !== 'string' || name === 'then') return undefined;
    return (args: unknown) => invoke(name, args);
  },
});

Object.defineProperty(window, 'tokenVault', { value: Object.freeze(api), writable: false, configurable: false });
