// The preload, built as Forge builds it (vite.preload.config.ts merged into Forge's preload
// config), run the way a sandboxed preload runs: one CommonJS script whose `require` knows only
// `electron`. A fake contextBridge/ipcRenderer records what the page would get.
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import vm from 'node:vm';
import { build, loadConfigFromFile, type InlineConfig } from 'vite';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { API_CHANNEL, EVENT_CHANNEL, METHOD_NAMES } from '../../electron/api';

const root = resolve(__dirname, '..', '..');
const outDir = join(root, 'node_modules', '.cache', `token-vault-preload-test-${process.pid}`);
let source: string;

beforeAll(async () => {
  const { getConfig } = createRequire(join(root, 'package.json'))('@electron-forge/plugin-vite/dist/config/vite.preload.config') as {
    getConfig: (env: unknown, user: unknown) => InlineConfig;
  };
  const user = (await loadConfigFromFile({ command: 'build', mode: 'production' }, join(root, 'vite.preload.config.ts'), root))!.config;
  const config = getConfig(
    { root, mode: 'production', command: 'build', forgeConfig: { build: [], renderer: [] }, forgeConfigSelf: { entry: 'electron/preload.ts', config: 'vite.preload.config.ts', target: 'preload' } },
    user,
  );
  await build({ ...config, configFile: false, logLevel: 'warn', build: { ...config.build, outDir, minify: false, watch: null } });
  source = readFileSync(join(outDir, 'preload.cjs'), 'utf8');
  rmSync(outDir, { recursive: true, force: true });
}, 120_000);

function loadPreload() {
  const exposed = new Map<string, Record<string, unknown>>();
  const ipcListeners = new Map<string, (event: unknown, message: unknown) => void>();
  const ipcRenderer = {
    invoke: vi.fn(async (..._args: unknown[]) => ({ ok: true, value: 'answer' })),
    on: (channel: string, listener: (event: unknown, message: unknown) => void) => ipcListeners.set(channel, listener),
  };
  const electron = { contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => exposed.set(key, api) }, ipcRenderer };
  const required: string[] = [];
  const sandboxRequire = (name: string) => {
    required.push(name);
    if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
    return electron;
  };
  const module = { exports: {} };
  vm.runInNewContext(source, { require: sandboxRequire, module, exports: module.exports, console });
  const deliver = (message: unknown) => ipcListeners.get(EVENT_CHANNEL)!({ sender: ipcRenderer, senderId: 0 }, message);
  return { exposed, ipcRenderer, required, deliver, ipcListeners };
}

describe('preload', () => {
  it('requires nothing but electron and exposes only window.tokenVault', () => {
    const { exposed, required } = loadPreload();
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect([...exposed.keys()]).toEqual(['tokenVault']);
  });

  it('offers exactly the contract methods plus on(), and no Electron object', () => {
    const api = loadPreload().exposed.get('tokenVault')!;
    expect(Object.keys(api).sort()).toEqual([...METHOD_NAMES, 'on'].sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
  });

  it('turns each method into one invoke on the one channel', async () => {
    const { exposed, ipcRenderer } = loadPreload();
    const api = exposed.get('tokenVault') as Record<string, (args?: unknown) => Promise<unknown>>;
    await expect(api.tokensGet!({ id: 'abc' })).resolves.toEqual({ ok: true, value: 'answer' });
    await api.vaultStatus!();
    expect(ipcRenderer.invoke.mock.calls).toEqual([
      [API_CHANNEL, 'tokensGet', { id: 'abc' }],
      [API_CHANNEL, 'vaultStatus', {}],
    ]);
  });

  it('hands listeners the payload only, never the IPC event', () => {
    const { exposed, deliver } = loadPreload();
    const on = exposed.get('tokenVault')!.on as (event: string, listener: (...args: unknown[]) => void) => () => void;
    const heard = vi.fn();
    const off = on('locked', heard);
    deliver({ event: 'locked', payload: { reason: 'idle' } });
    expect(heard).toHaveBeenCalledExactlyOnceWith({ reason: 'idle' });
    off();
    deliver({ event: 'locked', payload: { reason: 'manual' } });
    expect(heard).toHaveBeenCalledTimes(1);
  });

  it('ignores unknown events and malformed messages, and one failing listener does not silence the rest', () => {
    const { exposed, deliver } = loadPreload();
    const on = exposed.get('tokenVault')!.on as (event: string, listener: (...args: unknown[]) => void) => () => void;
    const second = vi.fn();
    on('clipboardCleared', () => {
      throw new Error('page bug');
    });
    on('clipboardCleared', second);
    expect(on('__proto__', vi.fn())).toBeTypeOf('function');
    deliver({ event: 'constructor', payload: {} });
    deliver(null);
    deliver('clipboardCleared');
    deliver({ event: 'clipboardCleared', payload: { id: 'e1' } });
    expect(second).toHaveBeenCalledExactlyOnceWith({ id: 'e1' });
  });
});
