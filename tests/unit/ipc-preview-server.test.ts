// The preview binds the handler table to HTTP on 127.0.0.1; these check it answers only its
// own page: same-origin JSON POSTs, its own Host name, built files only.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_KDF } from '../../electron/vault/kdf';
import { startPreview, type Preview } from '../../scripts/preview-server';

let dir: string;
let preview: Preview;
let origin: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tv-preview-'));
  const dist = join(dir, 'dist');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><html><head><title>t</title></head><body></body></html>');
  writeFileSync(join(dist, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'outside.txt'), 'not served');
  preview = await startPreview({
    vaultPath: join(dir, 'vault.db'), distDir: dist, kdf: TEST_KDF, gitlab: null,
    clipboard: { writeSecret: () => undefined, clearIfUnchanged: () => true }, openExternal: () => undefined,
  });
  origin = new URL(preview.url).origin;
});
afterAll(async () => {
  await preview.close();
  rmSync(dir, { recursive: true, force: true });
});

const post = (method: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${origin}/api/${method}`, { method: 'POST', body, headers: { 'content-type': 'application/json', origin, ...headers } });

describe('preview server', () => {
  it('serves index.html with the shim and a strict CSP', async () => {
    const res = await fetch(`${origin}/`);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await res.text()).toContain('<script src="/__preview/shim.js"></script>');
    expect((await fetch(`${origin}/__preview/shim.js`)).status).toBe(200);
    expect((await fetch(`${origin}/assets/app.js`)).status).toBe(200);
  });

  it('serves only built files', async () => {
    expect((await fetch(`${origin}/../outside.txt`)).status).toBe(404);
    expect((await fetch(`${origin}/assets/..%2f..%2foutside.txt`)).status).toBe(404);
    expect((await fetch(`${origin}/nothing.js`)).status).toBe(404);
  });

  it('answers same-origin JSON calls through dispatch', async () => {
    const res = await post('vaultStatus', '{}');
    expect(await res.json()).toMatchObject({ ok: true, value: { exists: false, unlocked: false } });
    expect(await (await post('vaultStatus', '{"extra":1}')).json()).toMatchObject({ ok: false, error: { code: 'INVALID_ARGS' } });
    expect(await (await post('vaultStatus', 'not json')).json()).toMatchObject({ ok: false, error: { code: 'INVALID_ARGS' } });
    expect(await (await post('nope', '{}')).json()).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });

  it('refuses other origins, form posts, GETs and oversized bodies', async () => {
    expect((await post('vaultStatus', '{}', { origin: 'https://evil.example' })).status).toBe(403);
    expect((await post('vaultStatus', '{}', { 'content-type': 'text/plain' })).status).toBe(403);
    expect((await fetch(`${origin}/api/vaultStatus`)).status).toBe(403);
    expect((await post('draftPaste', JSON.stringify({ secret: 'x'.repeat(300 * 1024) }))).status).toBe(413);
  });

  it('refuses requests addressed to another host name (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${origin}/`, { headers: { host: 'attacker.example' } }, (res) => resolve(res.statusCode ?? 0));
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(421);
  });
});
