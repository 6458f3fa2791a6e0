// The application menu. Its one app-specific item is Lock (Ctrl/Cmd+L), so the vault can be
// locked from the keyboard whatever the page is doing. DevTools exist only in development.
import type { MenuItemConstructorOptions } from 'electron';

export interface AppMenuOptions {
  platform: NodeJS.Platform;
  isDevelopment: boolean;
  onLock: () => void;
}

export function appMenuTemplate(options: AppMenuOptions): MenuItemConstructorOptions[] {
  const isMac = options.platform === 'darwin';
  const lock: MenuItemConstructorOptions = { id: 'lock', label: 'Lock', accelerator: 'CmdOrCtrl+L', click: () => options.onLock() };
  const vaultMenu: MenuItemConstructorOptions = {
    label: isMac ? 'Vault' : '&Vault',
    submenu: isMac ? [lock] : [lock, { type: 'separator' }, { role: 'quit' }],
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
