// The edges of the main side that differ between the desktop app, the browser preview and
// the tests. Electron's implementations live in electron/desktop (shell engineer); fakes in
// tests. Nothing here imports Electron.
import type { ApiEvents, EventName } from '../api';

/** The system clipboard, as Token Vault needs it (KeePassXC's Clipboard.cpp in miniature). */
export interface ClipboardPort {
  /** Writes the secret, hinting clipboard managers not to keep it where the platform allows. */
  writeSecret(text: string): void | Promise<void>;
  /** Clears the clipboard only if it still holds `text` (the user may have copied something else). Returns whether it cleared. */
  clearIfUnchanged(text: string): boolean | Promise<boolean>;
  /**
   * Linux's PRIMARY selection (middle-click paste): a revealed secret selected with the mouse lands
   * there without any copy. Clears it only if it still holds `text`; absent where there is none.
   */
  clearSelectionIfUnchanged?(text: string): boolean | Promise<boolean>;
}

/** Opens an address in the user's browser. Called only with https (or loopback http) URLs. */
export type OpenExternalPort = (url: string) => void | Promise<void>;

/** Delivers an event to the renderer (webContents.send, server-sent events, a test spy). */
export type EmitPort = <E extends EventName>(event: E, payload: ApiEvents[E]) => void;

/** A kind of file a dialog offers, e.g. { name: 'Calendar', extensions: ['ics'] }. */
export interface FileFilter {
  name: string;
  extensions: string[];
}

/**
 * The operating system's file dialogs, as a port like the clipboard: main.ts fills it with
 * Electron's `dialog`, the browser preview and the E2E suite with a fake the tests answer.
 * Each answers the chosen absolute path, or null when the user cancels. Only the main side
 * ever sees the path's contents; the renderer learns what a service chooses to tell it.
 */
export interface FileDialogPort {
  openFile(options: { title: string; filters: FileFilter[] }): Promise<string | null>;
  saveFile(options: { title: string; defaultName: string; filters: FileFilter[] }): Promise<string | null>;
  chooseFolder(options: { title: string }): Promise<string | null>;
}
