import { describe, expect, it } from 'vitest';
import { isTrustedSender } from '../../electron/ipc';

describe('isTrustedSender', () => {
  const dev = 'http://127.0.0.1:5173';
  const packaged = 'file:///opt/Token Vault/resources/app.asar/.vite/renderer/main_window/index.html';

  it('trusts pages from the dev server origin', () => {
    expect(isTrustedSender('http://127.0.0.1:5173/', dev)).toBe(true);
    expect(isTrustedSender('http://127.0.0.1:5173/index.html#/unlock', dev)).toBe(true);
  });

  it('refuses another port, host or scheme', () => {
    expect(isTrustedSender('http://127.0.0.1:5174/', dev)).toBe(false);
    expect(isTrustedSender('http://localhost:5173/', dev)).toBe(false);
    expect(isTrustedSender('https://127.0.0.1:5173/', dev)).toBe(false);
    expect(isTrustedSender('https://evil.example/', dev)).toBe(false);
  });

  it('refuses look-alike hosts and embedded credentials', () => {
    expect(isTrustedSender('http://127.0.0.1:5173@evil.example/', dev)).toBe(false);
    expect(isTrustedSender('http://user:pw@127.0.0.1:5173/', dev)).toBe(false);
  });

  it('trusts only the exact packaged index.html for file: pages', () => {
    expect(isTrustedSender(`${packaged}#/list`, packaged)).toBe(true);
    expect(isTrustedSender('file:///tmp/evil.html', packaged)).toBe(false);
    expect(isTrustedSender(packaged, dev)).toBe(false);
  });

  it('refuses empty, missing, malformed and non-web senders', () => {
    for (const url of ['', null, undefined, 'not a url', 'about:blank', 'data:text/html,hi', 'javascript:alert(1)', 'devtools://devtools/bundled/x.html']) {
      expect(isTrustedSender(url, dev)).toBe(false);
    }
  });

  it('refuses when the allowed origin itself is not a web or file URL', () => {
    expect(isTrustedSender('data:text/html,hi', 'data:text/html,hi')).toBe(false);
  });
});
