// A hostile or broken export whose fault sits right at a token: the CLI and the window say
// where (line, field or column) and never what, and the CLI's exit code stays "bad input" (2).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../electron/services';
import { TEST_KDF } from '../../electron/vault/kdf';
import { runCli } from '../helpers/run-cli';
import { fileBytes, tempDir } from '../helpers/vault-fixture';

const PW = 'vault master password';
const SECRET = 'glpat-Leak3dIfQuotedXyZ987';
const dir = tempDir('tv-import-errors-');
const HEADER = '"Group","Title","Username","Password","URL","Notes"\n';

/** Files broken right at the secret, in each way the parsers quote. */
const HOSTILE: [string, string, RegExp][] = [
  ['opening-quote.csv', `${HEADER}"g","t","",ab"${SECRET}","",""\n`, /^The CSV is malformed at line 2, field 4: a quote inside a field/],
  ['closing-quote.csv', `${HEADER}"g","t","","${SECRET}"tail,"",""\n`, /^The CSV is malformed at line 2, field 4: something right after a closing quote/],
  ['unquoted-secret.json', `{"entries": [\n  {"name": "t", "secret": ${SECRET}}\n]}`, /^The JSON is malformed at line 2, column 27;/],
  ['excerpt.json', `[{"name": "t", "secret": "${SECRET}" "more"}]`, /^The JSON is malformed at line 1, column 55;/],
];

let vault = '';
beforeAll(() => {
  vault = path.join(dir, 'v.tokenvault');
  expect(runCli(['--vault', vault, 'init', '--decryption-time', '100'], `${PW}\n${PW}\n`).status).toBe(0);
  for (const [name, text] of HOSTILE) fs.writeFileSync(path.join(dir, name), text);
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('tokenvault import of a file broken at a secret', () => {
  it.each(HOSTILE)('%s: exit 2, one sentence with the place, the secret nowhere', (name, _text, sentence) => {
    const before = fileBytes(vault);
    const result = runCli(['--vault', vault, 'import', path.join(dir, name)], `${PW}\n`);
    expect(result.status).toBe(2);
    expect(result.stderr.replace(/^tokenvault: /, '')).toMatch(sentence);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(`${result.stdout}${result.stderr}`).not.toContain(SECRET.slice(6, 14));
    expect(fileBytes(vault).equals(before)).toBe(true);
  });
});

describe('a well-formed file whose address carries a token (https://oauth2:glpat-…@host)', () => {
  it('imports the entry under the address without what precedes the "@", and says so by entry and field, never the text; the dry run too', () => {
    const file = path.join(dir, 'userinfo.json');
    fs.writeFileSync(file, JSON.stringify({ entries: [{ name: 'x1', secret: 'glpat-entry-secret-000000', instance: `https://oauth2:${SECRET}@gitlab.example.com` }] }));
    for (const args of [['import', file, '--dry-run'], ['import', file]]) {
      const result = runCli(['--vault', vault, ...args], `${PW}\n`);
      expect(result.status, args.join(' ')).toBe(0);
      expect(`${result.stdout}${result.stderr}`, args.join(' ')).not.toContain(SECRET.slice(6, 14));
      expect(result.stdout).toContain('Entry 1, "instance": a user name and password in it were left out.');
    }
    const list = runCli(['--vault', vault, 'list', '--json'], `${PW}\n`);
    expect(list.stdout).not.toContain(SECRET.slice(6, 14));
    expect(JSON.parse(list.stdout)).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'x1', instance: 'https://gitlab.example.com' })]));
  });

  it.each([
    [`https://oauth2:${SECRET}@gitlab.example.com:99999`, '"https://…@gitlab.example.com:99999" is not a GitLab address'],
    [`https://oauth2:${SECRET.slice(0, 10)}/${SECRET.slice(10)}@gitlab.example.com`, '"https://…@gitlab.example.com" is not a GitLab address'],
    [`https:/oauth2:${SECRET}@gitlab.example.com`, '"https:/…@gitlab.example.com" is not a GitLab address'],
  ])('add --instance %s is refused with the address shown without its credentials', (url, sentence) => {
    const result = runCli(['--vault', vault, 'add', 'by-hand', '--instance', url], `${PW}\nglpat-by-hand-secret-00001\n`);
    expect(result.status).toBe(2);
    expect(`${result.stdout}${result.stderr}`).not.toContain(SECRET.slice(6, 14));
    expect(result.stderr).toContain(sentence);
  });
});

describe("the window's reply to the same files", () => {
  it.each(HOSTILE)('%s: the error the page gets names the place, not the secret', async (name, _text, sentence) => {
    const home = tempDir('tv-import-errors-app-');
    const services = createServices({
      vaultPath: path.join(home, 'v.db'), clipboard: { writeSecret: () => undefined, clearIfUnchanged: () => false }, openExternal: () => undefined,
      emit: () => undefined, gitlab: null, kdf: TEST_KDF,
      dialogs: { openFile: async () => path.join(dir, name), saveFile: async () => null, chooseFolder: async () => null },
    });
    try {
      await services.api.vaultCreate({ password: 'pw' });
      const reply = await Promise.resolve().then(() => services.api.importChooseFile({})).then(
        (ok) => ({ ok }),
        (error: { code?: string; message?: string }) => ({ code: error.code, message: error.message }),
      );
      expect(reply).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(sentence) });
      expect(JSON.stringify(reply)).not.toContain(SECRET.slice(6, 14));
    } finally {
      await services.shutdown();
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});
