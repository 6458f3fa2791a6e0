// main.ts cannot run here (no Electron binary), so this builds it exactly as Forge does
// (vite.main.config.ts merged into Forge's main config), starts the bundle in Node against
// a recording fake of the electron module (tests/integration/fake-electron) and drives it:
// the wiring, not just the parts, is what runs. It also proves the bundle loads at all.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, loadConfigFromFile, type InlineConfig } from 'vite';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(__dirname, '..', '..');
const require = createRequire(join(root, 'package.json'));
// Inside node_modules so the bundle finds the real better-sqlite3 by walking up, and the fake
// electron first, in its own node_modules.
const work = join(root, 'node_modules', '.cache', `token-vault-main-test-${process.pid}`);
const outDir = join(work, 'build');

type DriveResult = Record<string, unknown> & {
  webPreferences: Record<string, unknown>;
  trustedStatus: { ok: boolean };
  headers: Record<string, string[]>;
};
let result: DriveResult;
type Log = { text: string; fileMode: number; dirMode: number; files: string[] };
type StartOnly = { windowCount: number; ipcChannels: string[]; dialogs: Array<{ type: string; message: string; detail: string; buttons: string[] }>; quitCalls: number; log: Log };
/** The app started with a better-sqlite3 whose binding is missing, or is not a loadable library. */
const broken: Record<'missing' | 'unloadable', StartOnly> = {} as never;

/**
 * Starts a copy of the bundle whose better-sqlite3 (found first, in the copy's own node_modules)
 * has no binding, or a file that is no library, and lets the driver report what the app did.
 */
function startWithBrokenBinding(kind: 'missing' | 'unloadable'): StartOnly {
  const copy = join(work, `broken-${kind}`);
  cpSync(outDir, join(copy, 'build'), { recursive: true });
  mkdirSync(join(copy, 'node_modules'));
  symlinkSync(join(root, 'tests', 'integration', 'fake-electron'), join(copy, 'node_modules', 'electron'), 'dir');
  const module = join(copy, 'node_modules', 'better-sqlite3');
  cpSync(join(root, 'node_modules', 'better-sqlite3', 'package.json'), join(module, 'package.json'));
  cpSync(join(root, 'node_modules', 'better-sqlite3', 'lib'), join(module, 'lib'), { recursive: true });
  if (kind === 'unloadable') {
    mkdirSync(join(module, 'build', 'Release'), { recursive: true });
    writeFileSync(join(module, 'build', 'Release', 'better_sqlite3.node'), 'not a shared library\n');
  }
  const home = mkdtempSync(join(tmpdir(), 'tv-main-broken-'));
  try {
    const run = spawnSync(process.execPath, [join(root, 'tests', 'integration', 'fake-electron', 'drive-main.mjs')], {
      env: { ...process.env, DRIVE: 'start-only', MAIN_BUNDLE: pathToFileURL(join(copy, 'build', 'main.js')).href, TOKENVAULT_VAULT: join(home, 'vault.tokenvault'), FAKE_APP_PATH: home, XDG_RUNTIME_DIR: home, DISPLAY: '', WAYLAND_DISPLAY: '' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    if (run.status !== 0) throw new Error(`broken-binding start failed (status ${run.status}): ${run.stderr}`);
    return JSON.parse(run.stdout.trim().split('\n').pop()!) as StartOnly;
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

beforeAll(async () => {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(join(work, 'node_modules'), { recursive: true });
  symlinkSync(join(root, 'tests', 'integration', 'fake-electron'), join(work, 'node_modules', 'electron'), 'dir');

  const { getConfig } = require('@electron-forge/plugin-vite/dist/config/vite.main.config') as {
    getConfig: (env: unknown, user: unknown) => InlineConfig;
  };
  const user = (await loadConfigFromFile({ command: 'build', mode: 'production' }, join(root, 'vite.main.config.ts'), root))!.config;
  const forgeEnv = {
    root,
    mode: 'production',
    command: 'build',
    forgeConfig: { build: [], renderer: [{ name: 'main_window', config: 'renderer/vite.config.ts' }] },
    forgeConfigSelf: { entry: 'electron/main.ts', config: 'vite.main.config.ts' },
  };
  const config = getConfig(forgeEnv, user);
  await build({ ...config, configFile: false, logLevel: 'warn', build: { ...config.build, outDir, minify: false, watch: null } });

  const home = mkdtempSync(join(tmpdir(), 'tv-main-'));
  const runtime = mkdtempSync(join(tmpdir(), 'tv-main-run-'));
  const run = spawnSync(process.execPath, [join(root, 'tests', 'integration', 'fake-electron', 'drive-main.mjs')], {
    env: {
      ...process.env,
      MAIN_BUNDLE: pathToFileURL(join(outDir, 'main.js')).href,
      TOKENVAULT_VAULT: join(home, 'vault.tokenvault'),
      FAKE_APP_PATH: home,
      TOKENVAULT_CLI: join(root, 'dist', 'cli.mjs'),
      XDG_RUNTIME_DIR: runtime,
      DISPLAY: '',
      WAYLAND_DISPLAY: '',
    },
    encoding: 'utf8',
    // A net for a hang, not a speed test: the app creates and unlocks a vault at full KDF cost
    // and starts the CLI four times, which on a loaded 2-core machine has taken over a minute.
    timeout: 240_000,
  });
  rmSync(home, { recursive: true, force: true });
  rmSync(runtime, { recursive: true, force: true });
  try {
    broken.missing = startWithBrokenBinding('missing');
    broken.unloadable = startWithBrokenBinding('unloadable');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  if (run.status !== 0) throw new Error(`main bundle failed (status ${run.status}, signal ${run.signal}${run.error ? `, ${run.error.message}` : ''}): ${run.stderr}`);
  result = JSON.parse(run.stdout.trim().split('\n').pop()!);
}, 330_000);

describe('the bundled main process, on a fake Electron', () => {
  it('registers its scheme as standard and secure before the app is ready', () => {
    expect(result.privilegedBeforeReady).toBe(true);
    expect(result.schemes).toEqual([{ scheme: 'tokenvault', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  });

  it('opens one sandboxed, isolated window on our own scheme', () => {
    expect(result.windowCount).toBe(1);
    expect(result.sandboxEnforced).toBe(true);
    expect(result.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false, devTools: false });
    expect(String(result.webPreferences.preload)).toMatch(/preload\.cjs$/);
    expect(result.loaded).toBe('tokenvault://app/index.html');
  });

  it('answers our page on one channel and refuses every other sender before dispatch', () => {
    expect(result.ipcChannels).toEqual(['tokenvault:call']);
    expect(result.trustedStatus).toMatchObject({ ok: true, value: { exists: false, unlocked: false } });
    for (const refused of ['foreignPage', 'subframe', 'otherContents', 'noFrame']) {
      expect(result[refused], refused).toEqual({ ok: false, error: { code: 'UNTRUSTED_SENDER', message: 'This page may not use Token Vault.' } });
    }
    expect(result.badArgs).toMatchObject({ ok: false, error: { code: 'INVALID_ARGS' } });
  });

  it('never navigates, denies new windows, and opens only GitLab https pages in the browser', () => {
    expect(result.navigationPrevented).toEqual([true, true]);
    expect(result.newWindow).toEqual({ action: 'deny' });
    expect(result.opened).toEqual(['https://gitlab.com/-/user_settings/personal_access_tokens', 'https://gitlab.com/explore']);
  });

  it('denies permissions, cancels foreign requests and sends the CSP on both transports', () => {
    expect(result.permission).toBe(false);
    expect(result.permissionCheck).toBe(false);
    expect(result.foreignRequest).toEqual({ cancel: true });
    expect(result.headers['Content-Security-Policy']?.[0]).toMatch(/^default-src 'none'; script-src 'self';/);
    expect(result.protocolCsp).toBe(result.headers['Content-Security-Policy']?.[0]);
  });

  it('opens pages of an instance once a token for it is stored, and nothing else', () => {
    expect(result.openConfigured).toEqual({ ok: true, value: {} });
    expect(result.openUnknown).toMatchObject({ ok: false });
    expect(result.openedAfterAdd).toEqual(['https://gitlab.example.com/-/user_settings/personal_access_tokens']);
  });

  it('clears the copied token and locks from the menu; locks on suspend; tells the page why', () => {
    expect(result.created).toBe(true);
    expect(result.copy).toEqual({ ok: true, value: { clearAfterSeconds: 20 } });
    expect(result.clipboardAfterCopy).toBe(true);
    expect(result.clipboardAfterLock).toBe('');
    expect(result.unlockedAfterMenuLock).toBe(false);
    expect(result.unlockedAfterSuspend).toBe(false);
    expect(result.events).toEqual(
      expect.arrayContaining([
        ['tokenvault:event', 'clipboardCleared', null],
        ['tokenvault:event', 'locked', 'manual'],
        ['tokenvault:event', 'locked', 'suspend'],
      ]),
    );
  });

  it('quick unlock goes through the OS keychain and a native dialog in main: Cancel refuses, Unlock opens the vault', () => {
    expect(result.quickOn).toMatchObject({ ok: true, value: { enabled: true, hours: 8, method: 'confirm', refusal: null } });
    expect(result.quickOffer).toMatchObject({ ok: true, value: { method: 'confirm' } });
    expect(result.quickCancelled).toMatchObject({ ok: false, error: { code: 'QUICK_UNLOCK_REFUSED' } });
    expect(result.quickUnlocked).toMatchObject({ ok: true, value: { unlocked: true } });
    expect(result.quickDialogs).toEqual(['Unlock Token Vault without the master password?', 'Unlock Token Vault without the master password?']);
    expect(result.quickListAfter).toBeGreaterThan(0);
  });

  it('keeps the opt-in locked schedule beside the vault: ids and instants only, rewritten on change, deleted when off', () => {
    expect(result.scheduleWhileOff).toBeNull();
    const on = JSON.parse(String(result.scheduleWhenOn)) as { items: Array<{ entryId: string; leadDays: number }> };
    expect(on.items.map((i) => [i.entryId, i.leadDays])).toEqual([
      [result.scheduleEntryId, 30],
      [result.scheduleEntryId, 7],
    ]);
    expect(String(result.scheduleWhenOn)).not.toMatch(/"ci"|gitlab|read_api|personal/);
    const edited = JSON.parse(String(result.scheduleAfterEdit)) as { items: Array<{ leadDays: number }> };
    expect(edited.items.map((i) => i.leadDays)).toEqual([1]);
    expect(result.scheduleAfterOff).toBeNull();
  });

  it('holds quit until the vault is locked and the clipboard handled, then quits', () => {
    expect(result.quitPrevented).toBe(true);
    expect(result.quitCalls).toBe(1);
  });

  type Cli = { status: number; stdout: string; stderr: string };
  const cli = (key: string) => result[key] as Cli;

  it('serves its unlocked vault to the CLI: each sees the other\'s writes, and no password is asked', () => {
    expect(cli('cliShow').status, cli('cliShow').stderr).toBe(0);
    expect(JSON.parse(cli('cliShow').stdout)).toMatchObject({ name: 'ci', instance: 'https://gitlab.example.com' });
    expect(cli('cliAdd')).toMatchObject({ status: 0 });
    expect(result.appSeesCliAdd).toEqual(expect.arrayContaining(['ci', 'from-cli']));
    expect(result.cliSeesAppAdd).toBe(0);
    expect(cli('cliUnlockWhileUnlocked').stdout).toMatch(/already unlocked/);
  });

  it('asks before a secret leaves when the user wants that: Deny refuses, Allow releases, and the release is logged', () => {
    expect(cli('deniedCopy').status).toBe(1);
    expect(cli('deniedCopy').stdout).toBe('');
    expect(cli('deniedCopy').stderr).toMatch(/You declined to hand "from-cli"/);
    expect(cli('allowedCopy')).toMatchObject({ status: 0, stdout: 'glpat-from-the-cli\n' });
    expect(result.dialogs).toEqual(['Give "from-cli" to a terminal?', 'Give "from-cli" to a terminal?']);
    const log = result.releaseLog as Array<{ entryName: string; purpose: string; via: string; peerPid: number | null }>;
    // The denied copy left no row; the allowed one left exactly one, with the asking process.
    const fromCli = log.filter((row) => row.entryName === 'from-cli');
    expect(fromCli).toHaveLength(1);
    expect(fromCli[0]).toMatchObject({ purpose: 'show', via: 'app' });
    expect(fromCli[0]!.peerPid).toBeGreaterThan(0);
    // The window's own Copy of "ci" earlier is logged too (the release log holds every secret that
    // left), as the app's: no asking process.
    expect(log.filter((row) => row.entryName === 'ci')).toEqual([expect.objectContaining({ purpose: 'copy', command: 'Copy in the app', peerPid: null })]);
    expect(log).toHaveLength(2);
  });

  it('the CLI gets nothing from the app once it locked (suspend), and the socket goes with the app', () => {
    // A script relying on the agent (TOKENVAULT_NO_PASSWORD=1) is told no unlocked agent serves the vault.
    expect(cli('cliAfterSuspend').status).toBe(1);
    expect(cli('cliAfterSuspend').stderr).toMatch(/No unlocked agent serves this vault/);
    // The app is unlocked in its own window, never over the socket (its screen would still say locked).
    expect(cli('cliUnlockRefused').status).toBe(1);
    expect(cli('cliUnlockRefused').stderr).toMatch(/unlock it in the app/);
    expect(cli('agentAfterQuit').status).toBe(1);
    expect(cli('agentAfterQuit').stdout).toMatch(/No agent serves this vault/);
  });

  it('asks about updates before checking, keeps the answer owner-only, and ignores a feed the built-in key did not sign', () => {
    expect(result.updatesAtStart).toMatchObject({ ok: true, value: { check: 'unasked', available: false, install: 'manual', current: '0.1.0', last: null } });
    expect(result.updatesOn).toMatchObject({ ok: true, value: { check: 'on', isDefaultFeed: false } });
    expect(result.updatesChecked).toMatchObject({ ok: true, value: { check: 'on', available: false, last: { status: 'failed', version: null, message: expect.stringMatching(/not signed by Token Vault's release key/) } } });
    expect(result.updatesFileMode).toBe(0o600);
    expect(result.updatesBadFeed).toMatchObject({ ok: false, error: { code: 'FEED_URL', message: 'The update feed must be an https:// address.' } });
  });

  it('gives its window the icon packed into app.asar on Linux', () => {
    if (process.platform === 'linux') expect(String(result.icon)).toMatch(/\/build\/icon\.png$/);
  });

  it('logs what lies behind an INTERNAL error in an owner-only file in the user-data folder, and never the token it quoted', () => {
    expect(result.internal).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'Something went wrong inside Token Vault; nothing was changed.' } });
    const log = result.logAfterInternal as Log;
    expect(log.text).toMatch(/\[error\] INTERNAL in tokensUpdate: TypeError: near "\[redacted\]": syntax error at Authorization: \[redacted\]/);
    expect(log.text).toMatch(/^\s+at /m);
    expect(log.text).not.toContain('glpat-');
    expect(log.text).not.toContain('LeakedInAnError');
    expect(log.text).not.toContain('abc.def');
    // Nothing the user typed or stored reaches the log on the normal path either.
    expect(log.text).not.toMatch(/correct horse|glpat-smoke|glpat-from/);
    expect(log.fileMode).toBe(0o600);
    expect(log.dirMode).toBe(0o700);
    expect(log.files).toEqual(['main.log']);
  });
});

describe('the bundled main process, when its SQLite binding cannot load', () => {
  it('says in a dialog that the SQLite module is missing and what to do, logs it, opens no window and quits', () => {
    const { missing } = broken;
    expect(missing.windowCount).toBe(0);
    expect(missing.ipcChannels).toEqual([]);
    expect(missing.dialogs).toHaveLength(1);
    expect(missing.dialogs[0]).toMatchObject({ type: 'error', message: 'Token Vault cannot open vaults: its SQLite module is missing.', buttons: ['Quit'] });
    expect(missing.dialogs[0]!.detail).toMatch(/Reinstall Token Vault from a release/);
    expect(missing.dialogs[0]!.detail).toMatch(/Details are in .*userData\/logs\/main\.log/);
    expect(missing.quitCalls).toBe(1);
    expect(missing.log.text).toMatch(/\[error\] start-up: SQLite module missing: Error: Could not locate the bindings file/);
    expect(missing.log.fileMode).toBe(0o600);
  });

  it('says the module does not load when the binding is not a library Electron can open', () => {
    const { unloadable } = broken;
    expect(unloadable.windowCount).toBe(0);
    expect(unloadable.dialogs[0]).toMatchObject({ type: 'error', message: 'Token Vault cannot open vaults: its SQLite module does not load.' });
    expect(unloadable.dialogs[0]!.detail).toMatch(/better_sqlite3\.node/);
    expect(unloadable.quitCalls).toBe(1);
    expect(unloadable.log.text).toMatch(/start-up: SQLite module unloadable/);
  });
});
