// Red team: a URL holding a token in its user name and password (https://oauth2:glpat-…@host),
// parseable or not, must not reach a field that is not sealed as a secret — descriptions and
// names are shown by list, synced in overviews and exported in clear. Black-box through the CLI
// for each format: the token appears nowhere in list --json, the plan, stdout or stderr, and the
// plan says by row (entry) and field what was left out.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kdbxFromXml, keepassXml } from '../helpers/kdbx-fixture';
import { vaultCopies } from '../helpers/cli-vault';
import { runCli } from '../helpers/run-cli';
import { tempDir } from '../helpers/vault-fixture';

const PW = 'vault master password';
const DBPW = 'keepass database password';
const dir = tempDir('tv-import-urlcred-');
const freshVault = vaultCopies(PW, 'tv-import-urlcred-vault-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// Each hides a different piece of one token; none of the pieces may come out.
const TOKEN = 'glpat-UrlCredLeak7Qz9Wx3Vb';
const PIECES = [TOKEN.slice(6, 13), TOKEN.slice(13, 20), TOKEN.slice(19)];
const URLS = {
  parses: `https://oauth2:${TOKEN}@gitlab.example.com/-/profile`,
  badPort: `https://oauth2:${TOKEN}@gitlab.example.com:99999/x`,
  slash: `https://oauth2:${TOKEN.slice(0, 13)}/${TOKEN.slice(13)}@gitlab.example.com/x`,
  oneSlash: `https:/oauth2:${TOKEN}@gitlab.example.com/x`,
};

function expectNoToken(text: string, what: string): void {
  for (const piece of PIECES) expect(text, what).not.toContain(piece);
}

function importAndCheck(file: string, dbPassword: string | null): { stdout: string; list: string } {
  const vault = freshVault();
  const input = `${PW}\n${dbPassword === null ? '' : `${dbPassword}\n`}`;
  const dry = runCli(['--vault', vault, 'import', file, '--dry-run'], input);
  expect(dry.status, dry.stderr).toBe(0);
  expectNoToken(`${dry.stdout}${dry.stderr}`, 'dry run');
  const real = runCli(['--vault', vault, 'import', file], input);
  expect(real.status, real.stderr).toBe(0);
  expectNoToken(`${real.stdout}${real.stderr}`, 'import');
  const list = runCli(['--vault', vault, 'list', '--json'], `${PW}\n`);
  expect(list.status).toBe(0);
  expectNoToken(list.stdout, 'list --json');
  return { stdout: real.stdout, list: list.stdout };
}

describe('import of entries whose URLs carry a token', () => {
  it('CSV: URL, title and notes; parseable URLs lose the credentials, the others are left out, said by row and field', () => {
    const file = path.join(dir, 'urls.csv');
    const rows = [
      `"g","parses","","glpat-csvRow0000000000001","${URLS.parses}",""`,
      `"g","badPort","","glpat-csvRow0000000000002","${URLS.badPort}",""`,
      `"g","slash","","glpat-csvRow0000000000003","${URLS.slash}",""`,
      `"g","oneSlash","","glpat-csvRow0000000000004","${URLS.oneSlash}","clone ${URLS.slash} then"`,
      `"g","${URLS.oneSlash}","","glpat-csvRow0000000000005","",""`,
    ];
    fs.writeFileSync(file, `"Group","Title","Username","Password","URL","Notes"\n${rows.join('\n')}\n`);
    const { stdout, list } = importAndCheck(file, null);
    expect(stdout).toContain('Row 2, URL: a user name and password in it were left out.');
    expect(stdout).toMatch(/Row 3, URL left out: it has an "@" but does not parse as a URL/);
    expect(stdout).toMatch(/Row 4, URL left out/);
    expect(stdout).toContain('Row 5, URL: a user name and password in it were left out.');
    expect(stdout).toMatch(/Row 5, Notes: a URL in it was left out/);
    expect(stdout).toContain('Row 6, Title: a user name and password in a URL in it were left out.');
    expect(stdout).toContain('Imported 5 tokens.');
    const names = (JSON.parse(list) as { name: string }[]).map((e) => e.name).sort();
    expect(names).toEqual(['badPort', 'https://gitlab.example.com/x', 'oneSlash', 'parses', 'slash']);
  });

  it('JSON: instance, name, description and usedIn', () => {
    const file = path.join(dir, 'urls.json');
    fs.writeFileSync(file, JSON.stringify([
      { name: 'parses', secret: 'glpat-jsonRow000000000001', instance: URLS.parses, description: `see ${URLS.oneSlash}`, usedIn: [URLS.parses] },
      { name: 'badPort', secret: 'glpat-jsonRow000000000002', instance: URLS.badPort, description: `see ${URLS.slash}` },
    ]));
    const { stdout, list } = importAndCheck(file, null);
    expect(stdout).toContain('Entry 1, "instance": a user name and password in it were left out.');
    expect(stdout).toMatch(/Entry 2, "instance" left out: it has an "@"/);
    expect(stdout).toMatch(/Entry 2, "description": a URL in it was left out/);
    const entries = JSON.parse(list) as { name: string; instance: string | null }[];
    expect(entries.map((e) => [e.name, e.instance]).sort()).toEqual([['badPort', null], ['parses', 'https://gitlab.example.com']]);
  });

  it('.kdbx: URL, title, user name and notes', () => {
    const file = kdbxFromXml(path.join(dir, 'urls.kdbx'), keepassXml([
      { title: 'parses', group: ['CI'], password: 'glpat-kdbxRow000000000001', url: URLS.parses },
      { title: 'badPort', group: ['CI'], password: 'glpat-kdbxRow000000000002', url: URLS.badPort, userName: URLS.oneSlash },
      { title: URLS.oneSlash, password: 'glpat-kdbxRow000000000003', url: URLS.slash, notes: `clone ${URLS.slash}` },
    ]), DBPW);
    const { stdout, list } = importAndCheck(file, DBPW);
    expect(stdout).toContain('"parses" (CI), URL: a user name and password in it were left out.');
    expect(stdout).toMatch(/"badPort" \(CI\), URL left out: it has an "@"/);
    expect(stdout).toContain('"badPort" (CI), UserName: a user name and password in a URL in it were left out.');
    expect(stdout).toMatch(/"https:\/\/gitlab.example.com\/x", Notes: a URL in it was left out/);
    expect((JSON.parse(list) as unknown[]).length).toBe(3);
  });
});

// Red team, round 2 (attacks/import-notes-leak.sh): "https:" without slashes, "user:password@"
// without a scheme, a URL glued to the word before it ("1https://", "1.https://"), a password
// split by U+3000 or a tab before its "@", the same in a group path; and a bare token in a note.
describe('import of the red team\'s URL shapes that the URL cut missed', () => {
  const SECRET = /SECRETSECRET|SECRET25/;
  function importNoSecret(file: string, dbPassword: string | null): { stdout: string; list: string } {
    const vault = freshVault();
    const input = `${PW}\n${dbPassword === null ? '' : `${dbPassword}\n`}`;
    const real = runCli(['--vault', vault, 'import', file], input);
    expect(real.status, real.stderr).toBe(0);
    expect(`${real.stdout}${real.stderr}`).not.toMatch(SECRET);
    const list = runCli(['--vault', vault, 'list', '--json'], `${PW}\n`);
    expect(list.status).toBe(0);
    expect(list.stdout).not.toMatch(SECRET);
    expect(list.stderr).not.toMatch(SECRET);
    return { stdout: real.stdout, list: list.stdout };
  }

  it('CSV: the red team\'s two files', () => {
    const notes = importNoSecret('tests/fixtures/hostile/import-notes.csv', null);
    expect(JSON.parse(notes.list)).toHaveLength(14);
    expect(notes.stdout).toContain('Row 7, Title: a user name and password in a URL in it were left out.');
    const group = importNoSecret('tests/fixtures/hostile/import-group.csv', null);
    expect(JSON.parse(group.list)).toHaveLength(5);
    expect(group.stdout).toContain('Row 6, Notes: a user name and password in a URL in it were left out.');
  });

  it('JSON: name, description, usedIn and instance', () => {
    const file = path.join(dir, 'redteam.json');
    fs.writeFileSync(file, JSON.stringify([
      { name: 'https:oauth2:glpat-SECRETSECRET31@gitlab.example.com', secret: 'glpat-REALTOKEN000000031', description: '1.https://oauth2:glpat-SECRETSECRET32@gitlab.example.com' },
      { name: 'j2', secret: 'glpat-REALTOKEN000000032', description: 'https://oauth2:glpat-SECRETSECRET33\u3000@gitlab.example.com', usedIn: ['oauth2:glpat-SECRETSECRET34@gitlab.example.com'] },
      { name: 'j3', secret: 'glpat-REALTOKEN000000033', instance: 'gitlab.example.com/?u=https://oauth2:glpat-SECRETSECRET35@x.com', description: 'ci uses glpat-SECRETSECRET36' },
    ]));
    const { stdout, list } = importNoSecret(file, null);
    expect(JSON.parse(list)).toHaveLength(3);
    expect(stdout).toContain('Entry 3: a token-like text in "description" was left out.');
  });

  it('.kdbx: title, user name, notes and group path', () => {
    const file = kdbxFromXml(path.join(dir, 'redteam.kdbx'), keepassXml([
      { title: 'https:oauth2:glpat-SECRETSECRET41@gitlab.example.com', password: 'glpat-REALTOKEN000000041', url: 'https://gitlab.example.com', notes: '1https://oauth2:glpat-SECRETSECRET42@gitlab.example.com' },
      { title: 'k2', group: ['https://oauth2:glpat-SECRETSECRET43@gitlab.example.com'], password: 'glpat-REALTOKEN000000042', url: 'https://gitlab.example.com', userName: 'oauth2:glpat-SECRETSECRET44@gitlab.example.com' },
      { title: 'k3', password: 'glpat-REALTOKEN000000043', url: 'https://gitlab.example.com', notes: 'https://oauth2:glpat-SECRET\tSECRET25@gitlab.example.com' },
    ]), DBPW);
    const { stdout, list } = importNoSecret(file, DBPW);
    expect(JSON.parse(list)).toHaveLength(3);
    expect(stdout).toMatch(/"k2" \(https:\/\/gitlab\.example\.com\), group: a user name and password in a URL in it were left out\./);
  });
});
