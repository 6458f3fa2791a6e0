// The one window and its options, kept apart from main.ts so a test can check every security
// flag without Electron running (types only: nothing here loads Electron).
import type { BrowserWindowConstructorOptions } from 'electron';

export interface WindowOptionsInput {
  /** Absolute path of the bundled preload script. */
  preloadPath: string;
  /** PNG used for the window/taskbar icon on Linux (Windows and macOS take it from the app bundle). */
  iconPath?: string;
  /** DevTools only while developing; a shipped app has no console to paste code into. */
  isDevelopment?: boolean;
}

type WindowConstructor<W> = new (options: BrowserWindowConstructorOptions) => W;

/**
 * Creates the window with `BrowserWindow` passed in (Electron's in main.ts). The options are
 * written out literally at the `new BrowserWindow(...)` so a static scanner (electronegativity)
 * reads the very object Electron receives, not a function call it cannot see into.
 */
export function createMainWindow<W>(BrowserWindow: WindowConstructor<W>, input: WindowOptionsInput): W {
  return new BrowserWindow({
    width: 1100,
    height: 720,
    minWidth: 720,
    minHeight: 480,
    title: 'Token Vault',
    // Shown on 'ready-to-show', so the user never sees a blank or half-painted window.
    show: false,
    backgroundColor: '#1b1f27',
    ...(input.iconPath ? { icon: input.iconPath } : {}),
    webPreferences: {
      preload: input.preloadPath,
      // The page gets the typed API through contextBridge and nothing else: its own JS world,
      // a sandboxed OS process, no Node.
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      // A secret pasted into a field must not go to an OS/online spell-check service.
      spellcheck: false,
      safeDialogs: true,
      devTools: input.isDevelopment === true,
      // Middle-click would otherwise fire auxclick and try to open links in a new window.
      disableBlinkFeatures: 'Auxclick',
    },
  });
}

/** The options createMainWindow passes to BrowserWindow, for tests to check every flag. */
export function windowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  class CapturedOptions {
    constructor(readonly options: BrowserWindowConstructorOptions) {}
  }
  return createMainWindow(CapturedOptions, input).options;
}
