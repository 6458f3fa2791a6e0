// The main process: wiring only. Every rule it applies lives in electron/desktop (tested with
// Electron injected) or in the services (tested in Node); this file connects them to Electron.
import { BrowserWindow, ClipboardItem, Menu, Notification, app, clipboard, dialog, ipcMain, powerMonitor, protocol, safeStorage, session, shell, systemPreferences } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { API_CHANNEL, EVENT_CHANNEL, type ApiEvents, type EventName, type MethodName } from './api';
import { createAppAgent } from './agent/app-agent';
import { createGitLabPort } from './app/gitlab-adapter';
import { RecentVaults, startingVaultPath } from './app/recent-vaults';
import { MACHINE_SETTINGS_FILE, MachineSettings } from './vault/machine-settings';
import { readLockedSchedule, syncLockedSchedule } from './app/locked-reminders';
import { startAutoLock } from './desktop/auto-lock';
import { createClipboardPort } from './desktop/clipboard';
import { contentSecurityPolicy, rendererSecurityHeaders } from './desktop/csp';
import { createFileDialogPort } from './desktop/file-dialogs';
import { createKeyProtector } from './desktop/quick-unlock-protector';
import { openMainLog, reportingInternalErrors } from './desktop/main-log';
import { appMenuTemplate } from './desktop/menu';
import { lockDownNavigation } from './desktop/navigation';
import { createOpenExternalGuard } from './desktop/open-external';
import { startReminderNotifier, type ReminderSource } from './desktop/reminder-notifier';
import { createReleasePrompt } from './desktop/release-prompt';
import { createRendererProtocolHandler } from './desktop/renderer-protocol';
import { RENDERER_ORIGIN, RENDERER_SCHEME, isRendererFrameUrl, rendererLocation } from './desktop/renderer-origin';
import { applySessionPolicy } from './desktop/session-policy';
import { checkSqliteAtStart } from './desktop/startup-check';
import { createVerifiedInstaller } from './desktop/updater';
import { createMainWindow } from './desktop/window-options';
import { createHandlerTable, dispatch, isTrustedSender, toApiError } from './ipc';
import { createServices } from './services';
import { setKdbxWorkerFile } from './vault/kdbx-run';
import { setKdfThreadFile } from './vault/kdf-worker';
import { defaultVaultPath } from './vault/paths';
import { probeSqlite } from './vault/sqlite-probe';
import { DEFAULT_FEED_URL, FEED_PUBLIC_KEY, RELEASES_PAGE } from './updates/feed-key';
import { createUpdateServices } from './updates/service';

// Defined by @electron-forge/plugin-vite: the dev server's URL under `electron-forge start`, undefined in a build.
declare const MAIN_WINDOW_VITE_DEV_SERVER_URL: string | undefined;

const here = dirname(fileURLToPath(import.meta.url));
const devServerUrl = !app.isPackaged && typeof MAIN_WINDOW_VITE_DEV_SERVER_URL === 'string' ? MAIN_WINDOW_VITE_DEV_SERVER_URL : undefined;
const location = rendererLocation(devServerUrl);
const isDevelopment = location.devServerOrigin !== null;
const securityHeaders = rendererSecurityHeaders(contentSecurityPolicy({ devServerOrigin: location.devServerOrigin }));

// Every renderer sandboxed, whatever its options say (defence in depth for window-options.ts).
app.enableSandbox();
// Windows shows notifications only for an app with an id; the installer registers this one.
if (process.platform === 'win32') app.setAppUserModelId('io.github.tokenvault.app');
// Must precede 'ready': a standard, secure scheme gets a real origin and secure-context APIs.
protocol.registerSchemesAsPrivileged([{ scheme: RENDERER_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

if (!app.requestSingleInstanceLock()) {
  // A second copy would open the same vault file twice; the first one is brought forward instead.
  app.quit();
} else {
  void app.whenReady().then(startApp);
}

async function startApp(): Promise<void> {
  // The log behind every INTERNAL error and every start-up failure (owner-only, rotated, no secrets).
  const mainLog = openMainLog(app.getPath('userData'));
  // A SQLite binding that cannot load would fail the first vault call: say so now, and quit.
  if (!(await checkSqliteAtStart(probeSqlite(), { showMessageBox: (options) => dialog.showMessageBox(options), log: mainLog }))) {
    app.quit();
    return;
  }
  const logInternal = { onUnexpectedError: (method: string, error: unknown) => mainLog.internalError(method, error) };
  let window: BrowserWindow | null = null;
  const emit = <E extends EventName>(event: E, payload: ApiEvents[E]) => {
    // During quit the page may already be gone while the services still report (locked, cleared).
    if (window && !window.isDestroyed() && !window.webContents.isDestroyed()) window.webContents.send(EVENT_CHANNEL, { event, payload });
  };

  // Reminders need the entries, but reading them through the session counts as user activity
  // and would hold off the idle lock; so they are taken right after the user's own calls that
  // unlock or change entries or settings (calls that count as activity anyway).
  let reminderSource: ReminderSource | null = null;
  const changesReminders = new Set<string>(['vaultCreate', 'vaultUnlock', 'vaultQuickUnlock', 'tokensAdd', 'tokensUpdate', 'tokensRemove', 'trashRestore', 'trashDeleteNow', 'trashEmpty', 'tokensRestoreOldSecret', 'gitlabVerify', 'gitlabRotate', 'gitlabRevoke', 'gitlabRevokeListed', 'tokensSetInstance', 'gitlabCreate', 'gitlabCreateCredential', 'draftStore', 'backupsRestore', 'backupsUndoRestore', 'vaultRestoreBackup', 'settingsUpdate', 'importCommit', 'existingStore'] satisfies MethodName[]);
  const emitToRenderer = <E extends EventName>(event: E, payload: ApiEvents[E]) => {
    if (event === 'locked') reminderSource = null;
    emit(event, payload);
  };

  const openGuarded = createOpenExternalGuard({
    // The one vetted shell.openExternal of the app: every caller goes through this guard.
    openExternal: (url) => shell.openExternal(url),
    allowedOrigins: async () => {
      const instances = new Set(['https://gitlab.com']);
      for (const entry of reminderSource?.entries ?? []) if (entry.instance) instances.add(entry.instance);
      // The wizard's instance may not be in any entry yet: its "new token" page must still open.
      const draft = await Promise.resolve()
        .then(() => services.api.draftGet({}))
        .catch(() => null);
      if (draft?.fields.instance) instances.add(draft.fields.instance);
      return instances;
    },
  });

  // The opt-in update check (asked at first run; Settings): a signed feed, then on signed macOS
  // and Windows builds a verified install (electron-updater) when the banner's Install is
  // pressed; elsewhere the releases page.
  const installs = app.isPackaged && (process.platform === 'darwin' || process.platform === 'win32');
  const updates = createUpdateServices({
    preferencesPath: join(app.getPath('userData'), 'updates.json'),
    currentVersion: app.getVersion(),
    platform: process.platform,
    arch: process.arch,
    publicKey: FEED_PUBLIC_KEY,
    defaultFeedUrl: DEFAULT_FEED_URL,
    releasesPage: RELEASES_PAGE,
    install: installs
      ? async (check, feedUrl) => {
          // Loaded only here: electron-updater's updater object touches Electron as it is made.
          const log = (message: string, error?: unknown) => mainLog.problem(message, error ?? new Error(message));
          try {
            const { autoUpdater } = await import('electron-updater');
            await createVerifiedInstaller({ updater: autoUpdater, dialog, window: () => window, log })(check, feedUrl);
          } catch (error) {
            // The page says "nothing was installed"; what lay behind it goes to the log.
            log(`update ${check.version}: not installed`, error);
            throw error;
          }
        }
      : undefined,
    onNewer: (state) => emit('updateAvailable', state),
  });

  // The vaults opened before (paths only), so the app reopens the last one; TOKENVAULT_VAULT still wins.
  // The KeePass import's worker thread is its own bundle beside this one (vite.kdbx-worker.config.ts).
  setKdbxWorkerFile(new URL('./kdbx-worker.js', import.meta.url), { fallBackToMainThread: true });
  // So is the master password's key derivation (vite.kdf-thread.config.ts): Argon2's memory leaves with that worker.
  setKdfThreadFile(new URL('./kdf-thread.js', import.meta.url));
  const recentVaults = new RecentVaults(join(app.getPath('userData'), 'recent-vaults.json'));
  const machineSettings = new MachineSettings(join(app.getPath('userData'), MACHINE_SETTINGS_FILE));
  const services = createServices({
    vaultPath: startingVaultPath(recentVaults, defaultVaultPath(), process.env.TOKENVAULT_VAULT),
    recentVaults,
    machineSettings,
    clipboard: createClipboardPort({ clipboard, ClipboardItem, platform: process.platform }),
    openExternal: openGuarded,
    emit: emitToRenderer,
    // GitLab is reached from the main process only (Node's HTTP stack; the renderer has no network).
    gitlab: createGitLabPort(),
    // Open/save/folder pickers, modal to our window; the chosen path stays on this side.
    dialogs: createFileDialogPort(dialog, () => window),
    updates,
    // Quick unlock: the OS keychain keeps its key, Touch ID or a native dialog asks (off unless turned on).
    quickUnlock: createKeyProtector({ safeStorage, systemPreferences, dialog, window: () => window, platform: process.platform }),
  });
  const table = createHandlerTable(services.api);
  // The same table on the vault's socket, for the CLI and git (electron/agent). Locks with the app.
  const appAgent = createAppAgent({
    services,
    // The socket's dispatch has no hook of its own: its INTERNAL errors are logged here.
    table: reportingInternalErrors(table, logInternal.onUnexpectedError, (error) => toApiError(error).code === 'INTERNAL'),
    approveRelease: createReleasePrompt(dialog, () => window),
    onError: (error) => {
      mainLog.problem('not serving the CLI agent', error);
      console.warn(`Token Vault: not serving the CLI agent: ${error instanceof Error ? error.message : String(error)}`);
    },
  });
  void appAgent.ensure();
  const mayServe = new Set<string>(['vaultCreate', 'vaultUnlock', 'vaultQuickUnlock', 'backupsRestore', 'backupsUndoRestore', 'vaultRestoreBackup'] satisfies MethodName[]);

  const refreshReminderSource = () => {
    if (!services.session.status().unlocked) {
      reminderSource = null;
      return;
    }
    const vault = services.session.unlocked();
    const settings = vault.getSettings();
    reminderSource = { entries: vault.list(), defaultLeadDays: settings.defaultLeadDays };
    try {
      // The opt-in schedule for reminders while locked follows every unlock and change (deleted when off).
      syncLockedSchedule(services.session.path, reminderSource.entries, settings);
    } catch {
      // A full or read-only disk costs only the locked reminders; the unlocked ones still come.
    }
  };

  ipcMain.handle(API_CHANNEL, async (event, method: unknown, args: unknown) => {
    const frame = event.senderFrame;
    // Only our window's top frame showing our page may call: no subframe, no other webContents.
    const fromOurWindow = window !== null && event.sender === window.webContents;
    if (!frame || !fromOurWindow || frame.parent !== null || !isRendererFrameUrl(frame.url, location, isTrustedSender)) {
      return { ok: false, error: { code: 'UNTRUSTED_SENDER', message: 'This page may not use Token Vault.' } };
    }
    const answer = await dispatch(table, method, args, logInternal);
    if (answer.ok && typeof method === 'string' && mayServe.has(method)) void appAgent.ensure();
    if (answer.ok && typeof method === 'string' && changesReminders.has(method)) {
      try {
        refreshReminderSource();
      } catch {
        reminderSource = null;
      }
    }
    return answer;
  });

  const rendererSession = session.defaultSession;
  applySessionPolicy(rendererSession, {
    securityHeaders,
    allowedUrlPrefixes: location.devServerOrigin
      ? [`${location.devServerOrigin}/`, `${location.devServerOrigin.replace(/^http/, 'ws')}/`]
      : [`${RENDERER_ORIGIN}/`],
  });
  rendererSession.protocol.handle(
    RENDERER_SCHEME,
    createRendererProtocolHandler({ rootDir: join(app.getAppPath(), 'renderer', 'dist'), securityHeaders }),
  );

  const lock = (reason: 'manual' | 'idle' | 'suspend' | 'screen-lock') => void services.lock(reason);
  // The menu's vault items run the same services as the page's Vault menu, then tell the page which vault is now open.
  const changeVaultFromMenu = (method: 'vaultOpenFile' | 'vaultChooseNewFile') =>
    void dispatch(table, method, {}, logInternal).then((answer) => {
      if (!answer.ok) emit('notice', { text: answer.error.message });
      else if (answer.value) emit('vaultChanged', answer.value as ApiEvents['vaultChanged']);
    });
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      appMenuTemplate({
        platform: process.platform,
        isDevelopment,
        onLock: () => lock('manual'),
        onOpenVault: () => changeVaultFromMenu('vaultOpenFile'),
        onNewVault: () => changeVaultFromMenu('vaultChooseNewFile'),
      }),
    ),
  );

  const stopAutoLock = startAutoLock({
    powerMonitor,
    lock,
    idleMinutes: () => services.session.status().autoLockMinutes ?? 0,
    warn: (seconds) => emitToRenderer('lockSoon', { seconds }),
  });

  const notifier = startReminderNotifier({
    createNotification: (options) => new Notification(options),
    isSupported: () => Notification.isSupported(),
    readSource: () => (services.session.status().unlocked ? reminderSource : null),
    readLockedSchedule: () => (services.session.status().unlocked ? null : readLockedSchedule(services.session.path)),
    onOpen: (reminder) => {
      showWindow();
      emit('reminderDue', reminder);
    },
    onFailed: ({ message, detail }) => {
      const options = { type: 'info' as const, message, detail, buttons: ['OK'] };
      void (window ? dialog.showMessageBox(window, options) : dialog.showMessageBox(options));
    },
  });

  function showWindow(): void {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  }

  function createWindow(): void {
    window = createMainWindow(BrowserWindow, {
      preloadPath: join(here, 'preload.cjs'),
      // Linux takes the window's icon from here (packed into app.asar); macOS and Windows from the bundle.
      iconPath: process.platform === 'linux' ? join(app.getAppPath(), 'build', 'icon.png') : undefined,
      isDevelopment,
    });
    window.once('ready-to-show', () => window?.show());
    window.on('closed', () => {
      window = null;
    });
    void window.loadURL(location.url);
  }

  // Every web contents, ours or any Chromium creates (DevTools in development), stays put.
  app.on('web-contents-created', (_event, contents) => lockDownNavigation(contents, openGuarded));
  app.on('second-instance', showWindow);
  app.on('activate', () => {
    if (!window) createWindow();
  });
  app.on('window-all-closed', () => {
    // Closing the window ends the session everywhere, macOS included: a vault left unlocked
    // in a dock icon is a vault someone else can open.
    app.quit();
  });

  let cleanedUp = false;
  app.on('before-quit', (event) => {
    if (cleanedUp) return;
    event.preventDefault();
    stopAutoLock();
    notifier.stop();
    // Lock, stop serving the CLI agent, and clear the clipboard if it still holds our copy, before the process goes.
    void Promise.all([services.shutdown(), appAgent.close()])
      .catch(() => undefined)
      .finally(() => {
        cleanedUp = true;
        app.quit();
      });
  });

  createWindow();
  void updates.checkOnStart();
}
