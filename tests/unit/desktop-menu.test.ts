import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { appMenuTemplate } from '../../electron/desktop/menu';

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

describe('appMenuTemplate', () => {
  it.each(['linux', 'win32', 'darwin'] as const)('has Lock on Ctrl/Cmd+L on %s, which locks', (platform) => {
    const onLock = vi.fn();
    const lock = flatten(appMenuTemplate({ platform, isDevelopment: false, onLock })).find((item) => item.id === 'lock')!;
    expect(lock.accelerator).toBe('CmdOrCtrl+L');
    (lock.click as () => void)();
    expect(onLock).toHaveBeenCalledOnce();
  });

  it('offers Open Another Vault… (Ctrl/Cmd+O) and New Vault… in the Vault menu', () => {
    const onOpenVault = vi.fn();
    const onNewVault = vi.fn();
    const items = flatten(appMenuTemplate({ platform: 'linux', isDevelopment: false, onLock: () => {}, onOpenVault, onNewVault }));
    const open = items.find((i) => i.id === 'open-vault')!;
    expect(open).toMatchObject({ label: 'Open Another Vault…', accelerator: 'CmdOrCtrl+O' });
    (open.click as () => void)();
    (items.find((i) => i.id === 'new-vault')!.click as () => void)();
    expect(onOpenVault).toHaveBeenCalledOnce();
    expect(onNewVault).toHaveBeenCalledOnce();
  });

  it('offers DevTools and reload only in development', () => {
    const roles = (isDevelopment: boolean) => flatten(appMenuTemplate({ platform: 'linux', isDevelopment, onLock: () => {} })).map((i) => i.role);
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(false)).not.toContain('reload');
    expect(roles(true)).toContain('toggleDevTools');
  });
});
