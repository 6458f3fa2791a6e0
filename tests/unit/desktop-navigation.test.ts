import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { lockDownNavigation } from '../../electron/desktop/navigation';

type WindowOpenHandler = (details: { url: string }) => { action: string };

/** webContents with the events the lock-down listens to. */
class FakeWebContents extends EventEmitter {
  windowOpenHandler: WindowOpenHandler | null = null;
  setWindowOpenHandler(handler: WindowOpenHandler) {
    this.windowOpenHandler = handler;
  }
  /** Emits like Electron: returns whether a listener called preventDefault. */
  fire(event: string, ...args: unknown[]): boolean {
    let prevented = false;
    this.emit(event, { preventDefault: () => (prevented = true) }, ...args);
    return prevented;
  }
}

function setup() {
  const contents = new FakeWebContents();
  const openGuarded = vi.fn(async (url: string) => {
    if (!url.startsWith('https://gitlab.com/')) throw new Error('refused');
  });
  lockDownNavigation(contents as never, openGuarded);
  return { contents, openGuarded };
}

describe('lockDownNavigation', () => {
  it('cancels every navigation and hands the URL to the guarded openExternal', () => {
    const { contents, openGuarded } = setup();
    expect(contents.fire('will-navigate', 'https://gitlab.com/-/profile')).toBe(true);
    expect(contents.fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(openGuarded.mock.calls).toEqual([['https://gitlab.com/-/profile'], ['https://evil.example/']]);
  });

  it('denies every new window, passing the link to the guard', () => {
    const { contents, openGuarded } = setup();
    expect(contents.windowOpenHandler!({ url: 'https://gitlab.com/x' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(openGuarded).toHaveBeenCalledWith('file:///etc/passwd');
  });

  it('blocks redirects and <webview> attachment', () => {
    const { contents } = setup();
    expect(contents.fire('will-redirect', 'https://evil.example/')).toBe(true);
    expect(contents.fire('will-attach-webview', {}, {})).toBe(true);
  });

  it('does not surface a refused link as an unhandled rejection', async () => {
    const { contents } = setup();
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    contents.fire('will-navigate', 'https://evil.example/');
    await new Promise((resolve) => setTimeout(resolve, 10));
    process.off('unhandledRejection', unhandled);
    expect(unhandled).not.toHaveBeenCalled();
  });
});
