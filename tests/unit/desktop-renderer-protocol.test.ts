import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRendererProtocolHandler, resolveRendererFile } from '../../electron/desktop/renderer-protocol';

let root: string;
let outside: string;

beforeAll(() => {
  const base = mkdtempSync(join(tmpdir(), 'tv-protocol-'));
  root = join(base, 'renderer');
  outside = join(base, 'secret.txt');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Token Vault</title>');
  writeFileSync(join(root, 'assets', 'main.js'), 'console.log(1)');
  writeFileSync(outside, 'not for the page');
});
afterAll(() => rmSync(join(root, '..'), { recursive: true, force: true }));

describe('resolveRendererFile', () => {
  it('maps our origin onto the renderer folder', () => {
    expect(resolveRendererFile('tokenvault://app/assets/main.js', root)).toBe(join(root, 'assets', 'main.js'));
    expect(resolveRendererFile('tokenvault://app/', root)).toBe(join(root, 'index.html'));
    expect(resolveRendererFile('tokenvault://app/tokens/abc', root)).toBe(join(root, 'index.html'));
  });

  it.each([
    'tokenvault://app/../secret.txt',
    'tokenvault://app/%2e%2e/secret.txt',
    'tokenvault://app/assets/..%2f..%2fsecret.txt',
    'tokenvault://app/%2e%2e%5csecret.txt',
    'tokenvault://app/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc/passwd',
  ])('never resolves %s outside the folder', (url) => {
    const file = resolveRendererFile(url, root);
    if (file !== null) expect(file.startsWith(join(root, '/'))).toBe(true);
  });

  it.each([
    'tokenvault://app/assets/..%2f..%2fsecret.txt',
    'tokenvault://app/%2e%2e%5csecret.txt',
    'tokenvault://app/assets/%00.js',
    'tokenvault://other/index.html',
    'https://app/index.html',
    'file:///etc/passwd',
  ])('refuses %s', (url) => {
    expect(resolveRendererFile(url, root)).toBeNull();
  });
});

describe('createRendererProtocolHandler', () => {
  const handler = () => createRendererProtocolHandler({ rootDir: root, securityHeaders: { 'Content-Security-Policy': "default-src 'none'", 'X-Content-Type-Options': 'nosniff' } });

  it('serves files with their type and the security headers', async () => {
    const response = await handler()(new Request('tokenvault://app/assets/main.js'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toBe('console.log(1)');
  });

  it('answers 404 (with the CSP) for missing files and escapes', async () => {
    for (const url of ['tokenvault://app/assets/none.js', 'tokenvault://app/%2e%2e/secret.txt']) {
      const response = await handler()(new Request(url));
      expect(response.status).toBe(404);
      expect(response.headers.get('content-security-policy')).toBe("default-src 'none'");
      expect(await response.text()).not.toContain('not for the page');
    }
  });

  it('is read-only', async () => {
    const response = await handler()(new Request('tokenvault://app/index.html', { method: 'POST', body: 'x' }));
    expect(response.status).toBe(405);
  });
});
