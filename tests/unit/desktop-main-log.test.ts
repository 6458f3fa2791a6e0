// The main-process log (electron/desktop/main-log.ts) and the start-up probe's words
// (electron/vault/sqlite-probe.ts), in plain Node.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeError, openMainLog, redactSecrets, reportingInternalErrors } from '../../electron/desktop/main-log';
import { describeSqliteFailure, probeSqlite } from '../../electron/vault/sqlite-probe';

const scratch = mkdtempSync(join(tmpdir(), 'tv-main-log-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('redaction', () => {
  it.each([
    ['a GitLab token', 'bad input near glpat-AbCdEf0123456789xyz_- here', 'glpat-'],
    ['a deploy token', 'gldt-abcdefghijkl failed', 'gldt-'],
    ['an Authorization header', 'request had Authorization: Bearer s3cr3t.value', 's3cr3t'],
    ['a PRIVATE-TOKEN header', 'PRIVATE-TOKEN=hunter2hunter2', 'hunter2'],
    ['URL credentials', 'fetch https://user:pa55word@gitlab.example.com/api failed', 'pa55word'],
    ['a token in a query', 'GET https://gitlab.example.com/api/v4/user?private_token=abc123 failed', 'abc123'],
    ['a long key-like run', `key was ${'Zm9vYmFy'.repeat(6)}`, 'Zm9vYmFy'],
  ])('takes %s out', (_what, text, secret) => {
    expect(redactSecrets(text)).not.toContain(secret);
    expect(redactSecrets(text)).toContain('[redacted]');
  });

  it('keeps what helps: error names, SQL words, file paths and line numbers', () => {
    const error = new TypeError('no such column: name_tag');
    const text = describeError(error);
    expect(text).toMatch(/^TypeError: no such column: name_tag\n\s+at /);
  });

  it('redacts the cause too', () => {
    const error = new Error('wrapped', { cause: new Error('inner glpat-InnerSecretValue01') });
    expect(describeError(error)).toMatch(/caused by Error: inner \[redacted\]/);
    expect(describeError(error)).not.toContain('InnerSecret');
  });
});

describe('the log file', () => {
  it('is owner-only, rotates past 512 KiB into main.old.log, and stays owner-only', () => {
    const log = openMainLog(join(scratch, 'user-data'));
    for (let i = 0; i < 700; i += 1) log.info(`line ${i} ${'some words '.repeat(100)}`);
    const dir = join(scratch, 'user-data', 'logs');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(readdirSync(dir).sort()).toEqual(['main.log', 'main.old.log']);
    for (const file of ['main.log', 'main.old.log']) expect(statSync(join(dir, file)).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'main.log')).size).toBeLessThan(512 * 1024);
  });

  it('reports only INTERNAL errors of a wrapped table, and rethrows them unchanged', async () => {
    const seen: string[] = [];
    const boom = new Error('boom');
    const table = reportingInternalErrors(
      { a: async () => { throw boom; }, b: async () => { throw Object.assign(new Error('user-facing'), { name: 'VaultError' }); }, c: async () => 1 },
      (method) => seen.push(method),
      (error) => (error as Error).name !== 'VaultError',
    );
    await expect(table.a()).rejects.toBe(boom);
    await expect(table.b()).rejects.toThrow('user-facing');
    await expect(table.c()).resolves.toBe(1);
    expect(seen).toEqual(['a']);
  });
});

describe('the start-up probe', () => {
  it('loads SQLite here (Node, the ABI the tests run on)', () => {
    expect(probeSqlite()).toMatchObject({ ok: true, sqliteVersion: expect.stringMatching(/^3\./) });
  });

  it("names both ABIs from Node's own mismatch message", () => {
    const message =
      "The module '/opt/Token Vault/resources/app.asar.unpacked/node_modules/better-sqlite3/build/Release/better_sqlite3.node'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 115. This version of Node.js requires\nNODE_MODULE_VERSION 150. Please try re-compiling or re-installing\nthe module (for instance, using `npm rebuild` or `npm install`).";
    expect(describeSqliteFailure(new Error(message))).toEqual({
      problem: 'wrong-abi',
      message: 'Token Vault cannot open vaults: its SQLite module was built for another runtime.',
      detail: expect.stringMatching(/^The module is built for ABI 115; this Token Vault needs ABI 150\. Reinstall Token Vault/),
    });
  });

  it('reports a failing open as a probe result, never a throw', () => {
    const result = probeSqlite(() => {
      throw new Error('Could not locate the bindings file. Tried: → /x/better_sqlite3.node');
    });
    expect(result).toMatchObject({ ok: false, problem: 'missing' });
  });
});
