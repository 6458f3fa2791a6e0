import { describe, expect, it, vi } from 'vitest';
import { applySessionPolicy, isAllowedRendererRequest } from '../../electron/desktop/session-policy';

type Handler = (...args: never[]) => unknown;

function fakeSession() {
  const handlers: Record<string, Handler> = {};
  const session = {
    setPermissionRequestHandler: (h: Handler) => (handlers.request = h),
    setPermissionCheckHandler: (h: Handler) => (handlers.check = h),
    setDevicePermissionHandler: (h: Handler) => (handlers.device = h),
    on: (event: string, h: Handler) => (handlers[`on:${event}`] = h),
    webRequest: {
      onBeforeRequest: (h: Handler) => (handlers.beforeRequest = h),
      onHeadersReceived: (h: Handler) => (handlers.headers = h),
    },
  };
  applySessionPolicy(session as never, {
    securityHeaders: { 'Content-Security-Policy': "default-src 'none'" },
    allowedUrlPrefixes: ['tokenvault://app/'],
  });
  return handlers as Record<string, (...args: unknown[]) => unknown>;
}

describe('applySessionPolicy', () => {
  it.each(['notifications', 'media', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen'])('denies the %s permission request', (permission) => {
    const handlers = fakeSession();
    const callback = vi.fn();
    handlers.request!({}, permission, callback, {});
    expect(callback).toHaveBeenCalledExactlyOnceWith(false);
    expect(handlers.check!({}, permission, 'tokenvault://app', {})).toBe(false);
  });

  it('denies device access (USB, HID, serial)', () => {
    expect(fakeSession().device!({ deviceType: 'usb' })).toBe(false);
  });

  it('refuses every download', () => {
    let prevented = false;
    fakeSession()['on:will-download']!({ preventDefault: () => (prevented = true) }, {}, {});
    expect(prevented).toBe(true);
  });

  it('cancels requests that leave our origin', () => {
    const handlers = fakeSession();
    const outcomes: unknown[] = [];
    for (const url of ['tokenvault://app/assets/a.js', 'https://gitlab.com/api/v4/user', 'http://localhost:5173/']) {
      handlers.beforeRequest!({ url }, (response: unknown) => outcomes.push(response));
    }
    expect(outcomes).toEqual([{ cancel: false }, { cancel: true }, { cancel: true }]);
  });

  it('puts our CSP on every response, replacing any the server sent', () => {
    const handlers = fakeSession();
    const callback = vi.fn();
    handlers.headers!({ responseHeaders: { 'content-security-policy': ["script-src *"], 'Content-Type': ['text/html'] } }, callback);
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': ["default-src 'none'"] },
    });
  });
});

describe('isAllowedRendererRequest', () => {
  it('allows the dev server only when it is listed', () => {
    expect(isAllowedRendererRequest('ws://localhost:5173/', ['tokenvault://app/'])).toBe(false);
    expect(isAllowedRendererRequest('ws://localhost:5173/', ['http://localhost:5173/', 'ws://localhost:5173/'])).toBe(true);
  });
});
