// The application menu. Its app-specific items: Open Another Vault… / New Vault… (a work vault
// and a personal one) and Lock (Ctrl/Cmd+L), so the vault can be locked from the keyboard
// whatever the page is doing. DevTools exist only in development.
import type { MenuItemConstructorOptions } from 'electron';

export interface AppMenuOptions {
  platform: NodeJS.Platform;
  isDevelopment: boolean;
  onLock: () => void;
  /** Vault → Open Another Vault… / New Vault…: main shows the dialog and switches. */
  onOpenVault?: () => void;
  onNewVault?: () => void;
}

export function appMenuTemplate(options: AppMenuOptions): MenuItemConstructorOptions[] {
  const isMac = options.platform === 'darwin';
  const lock: MenuItemConstructorOptions = { id: 'lock', label: 'Lock', accelerator: 'CmdOrCtrl+L', click: () => options.onLock() };
  const places: MenuItemConstructorOptions[] = [
    { id: 'open-vault', label: 'Open Another Vault…', accelerator: 'CmdOrCtrl+O', click: () => options.onOpenVault?.() },
    { id: 'new-vault', label: 'New Vault…', click: () => options.onNewVault?.() },
    { type: 'separator' },
  ];
  const vaultMenu: MenuItemConstructorOptions = {
    label: isMac ? 'Vault' : '&Vault',
    submenu: isMac ? [...places, lock] : [...places, lock, { type: 'separator' }, { role: 'quit' }],
  };
  const view: MenuItemConstructorOptions = {
    label: isMac ? 'View' : '&View',
    submenu: [
      ...(options.isDevelopment ? ([{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as MenuItemConstructorOptions[]) : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  return [
    ...(isMac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    vaultMenu,
    { role: 'editMenu' },
    view,
    { role: 'windowMenu' },
  ];
}
