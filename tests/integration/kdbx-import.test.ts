// `tokenvault import FILE.kdbx`, black-box, on real KeePass databases written by keepassxc-cli:
// prompts in order, what is carried over, every KDF and cipher KeePassXC offers (but Twofish),
// key files, and each bad input refused with one sentence and the vault left as it was.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigKdbx, emptyKdbx, kdbxFromXml, keepassxcAdd, keepassxcInfo, keepassXml, keeShareContainer, type FixtureEntry } from '../helpers/kdbx-fixture';
import { CLI, runCli } from '../helpers/run-cli';
import { vaultCopies } from '../helpers/cli-vault';
import { fileBytes, tempDir } from '../helpers/vault-fixture';

const PW = 'vault master password';
const DBPW = 'keepass database password';
const dir = tempDir('tv-kdbx-');
const file = (name: string) => path.join(dir, name);

const ENTRIES: FixtureEntry[] = [
  {
    title: 'ci-clone', group: ['GitLab', 'CI'], password: 'glpat-ciClone0123456789', userName: 'deploy-bot', notes: 'Used by the build',
    url: 'https://gitlab.example.com/gitlab/-/user_settings/personal_access_tokens',
    created: '2025-02-03T04:05:06Z', expires: '2027-03-01T00:00:00Z', history: ['glpat-older1', 'glpat-older2'],
    attachments: { 'token.txt': 'attached text' }, extra: { otp: 'otpauth://totp/x?secret=ABC' },
  },
  { title: 'registry', group: ['GitLab'], password: 'gldt-registry9876', url: 'https://gitlab.com/group/project' },
  { title: 'ci-clone', group: ['Elsewhere'], password: 'glpat-second' },
  { title: 'self-hosted', password: 'opaque-without-prefix', url: 'https://gitlab.internal.example' },
  { title: 'bank', password: 'hunter2', url: 'https://bank.example' },
  { title: 'empty-token', url: 'https://gitlab.com' },
  { title: 'note-only', notes: 'no secret here' },
];
const RECYCLED: FixtureEntry[] = [{ title: 'deleted', password: 'glpat-deleted' }];

// A copy of one vault init made (cli-vault.ts): these tests are about import, not init.
const freshVault = vaultCopies(PW, 'tv-kdbx-vault-');

const list = (vault: string) => JSON.parse(runCli(['--vault', vault, 'list', '--json'], `${PW}\n`).stdout) as Record<string, unknown>[];
const secretOf = (vault: string, name: string) => runCli(['--vault', vault, 'copy', name, '--stdout'], `${PW}\n`).stdout.trim();
const backupsOf = (vault: string) => (fs.existsSync(path.join(path.dirname(vault), 'backups')) ? fs.readdirSync(path.join(path.dirname(vault), 'backups')) : []);

let main: string;

beforeAll(() => {
  // KDBX 3.1, AES-KDF, AES-256, as keepassxc-cli writes it, with an expiry date set in XML.
  main = kdbxFromXml(file('main.kdbx'), keepassXml(ENTRIES, RECYCLED), DBPW);
}, 120_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('tokenvault import FILE.kdbx', () => {
  it('asks the master password, then the database password, and carries each field over', () => {
    const vault = freshVault();
    const result = runCli(['--vault', vault, 'import', main], `${PW}\n${DBPW}\n`);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('KDBX 3.1 database (AES-KDF, AES-256): 7 entries.');
    expect(result.stdout).toContain('5 entries look like GitLab tokens (a GitLab token prefix such as glpat-, or a GitLab URL); 2 others left out (--all takes them too).');
    expect(result.stdout).toContain('Skipped 1 entry with no password: "empty-token".');
    expect(result.stdout).toContain('Skipped 1 entry in the recycle bin.');
    expect(result.stdout).toContain('History is not imported: 2 older versions stay in KeePass');
    expect(result.stdout).toContain('Attachments are not imported: 1 attachment ignored.');
    expect(result.stdout).toContain('1 entry has fields beyond title, username, password, URL and notes (such as TOTP)');
    expect(result.stdout).toContain('renamed "ci-clone" (Elsewhere) → "ci-clone (2)".');
    expect(result.stdout).toMatch(/Imported 4 tokens\.\n$/);
    expect(result.stdout + result.stderr).not.toMatch(/glpat-ciClone|hunter2|gldt-registry/);

    const entries = list(vault);
    expect(entries.map((e) => e.name).sort()).toEqual(['ci-clone', 'ci-clone (2)', 'registry', 'self-hosted']);
    const ci = entries.find((e) => e.name === 'ci-clone')!;
    expect(ci).toMatchObject({
      kind: 'personal',
      // The relative URL root before GitLab's "/-/" pages is kept.
      instance: 'https://gitlab.example.com/gitlab',
      expiresAt: '2027-03-01',
      createdAt: '2025-02-03T04:05:06.000Z',
    });
    expect(ci.description).toContain('Used by the build\nUsername: deploy-bot');
    expect(ci.description).toMatch(/KeePass group: GitLab\/CI$/);
    expect(entries.find((e) => e.name === 'registry')).toMatchObject({ kind: 'deploy', instance: 'https://gitlab.com', expiresAt: null });
    expect(entries.find((e) => e.name === 'self-hosted')).toMatchObject({ kind: 'other', instance: 'https://gitlab.internal.example' });
    expect(secretOf(vault, 'ci-clone')).toBe('glpat-ciClone0123456789');
    expect(secretOf(vault, 'ci-clone (2)')).toBe('glpat-second');
    expect(secretOf(vault, 'registry')).toBe('gldt-registry9876');
    // One automatic backup before the single transaction, as for CSV.
    expect(backupsOf(vault).filter((f) => f.includes('before-import'))).toHaveLength(1);
  });

  it('--all takes every entry with a password and lists the ones without', () => {
    const vault = freshVault();
    const result = runCli(['--vault', vault, 'import', main, '--all'], `${PW}\n${DBPW}\n`);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('2 others taken too (--all).');
    expect(result.stdout).toContain('Skipped 2 entries with no password: "empty-token", "note-only".');
    expect(list(vault).map((e) => e.name).sort()).toEqual(['bank', 'ci-clone', 'ci-clone (2)', 'registry', 'self-hosted']);
    expect(list(vault).find((e) => e.name === 'bank')).toMatchObject({ kind: 'other', instance: null, description: 'URL: https://bank.example' });
  });

  it('renames against names already in the vault, skips what it already holds, and --dry-run changes nothing', () => {
    const vault = freshVault();
    runCli(['--vault', vault, 'add', 'registry'], `${PW}\nglpat-mine\n`);
    const before = fileBytes(vault);
    const dry = runCli(['--vault', vault, 'import', main, '--dry-run'], `${PW}\n${DBPW}\n`);
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('"registry" (GitLab) → "registry (2)"');
    expect(dry.stdout).toMatch(/Dry run: nothing was imported\.\n$/);
    expect(fileBytes(vault).equals(before)).toBe(true);
    expect(runCli(['--vault', vault, 'import', main], `${PW}\n${DBPW}\n`).status).toBe(0);
    expect(secretOf(vault, 'registry')).toBe('glpat-mine');
    expect(secretOf(vault, 'registry (2)')).toBe('gldt-registry9876');
    // The same import again adds nothing: what the vault holds as it is, is skipped, not renamed.
    const again = runCli(['--vault', vault, 'import', main], `${PW}\n${DBPW}\n`);
    expect(again.stdout).toContain('Skipped 4 entries already in the vault with the same secret: "self-hosted", "registry" (GitLab), "ci-clone" (GitLab/CI), "ci-clone" (Elsewhere).');
    expect(again.stdout).toMatch(/Nothing to import; the vault is unchanged\.\n$/);
    expect(list(vault)).toHaveLength(5);
  });

  it('a wrong database password exits 3 and changes nothing; a wrong master password is asked first', () => {
    const vault = freshVault();
    const before = fileBytes(vault);
    const wrongDb = runCli(['--vault', vault, 'import', main], `${PW}\nnot it\n`);
    expect(wrongDb.status).toBe(3);
    expect(wrongDb.stderr).toBe('tokenvault: The database password or key file is wrong (a database that also needs a YubiKey cannot be imported: Token Vault cannot ask one); nothing was imported.\n');
    const wrongMaster = runCli(['--vault', vault, 'import', main], `not the master\n${DBPW}\n`);
    expect(wrongMaster.status).toBe(3);
    expect(wrongMaster.stderr).toMatch(/wrong master password/i);
    expect(fileBytes(vault).equals(before)).toBe(true);
    expect(backupsOf(vault).filter((f) => f.includes('before-import'))).toHaveLength(0);
  });
});

describe('KDFs, ciphers and key files KeePassXC writes', () => {
  const token: FixtureEntry = { title: 'kdf-token', password: 'glpat-kdfToken42', url: 'https://gitlab.com' };

  it.each([
    ['argon2d', 'aes', 'Argon2d', 'AES 256-bit'],
    ['argon2id', 'chacha20', 'Argon2id', 'ChaCha20 256-bit'],
    ['aes-kdf', 'chacha20', 'AES', 'ChaCha20 256-bit'],
  ] as const)('KDBX 4 with %s and %s', async (kdf, cipher, kdfLabel, cipherLabel) => {
    const db = await emptyKdbx(file(`${kdf}-${cipher}.kdbx`), { password: DBPW, kdf, cipher });
    keepassxcAdd(db, DBPW, token);
    const info = keepassxcInfo(db, DBPW);
    expect(info).toContain(`Cipher: ${cipherLabel}`);
    expect(info).toContain(`KDF: ${kdfLabel}`);
    const vault = freshVault();
    const result = runCli(['--vault', vault, 'import', db], `${PW}\n${DBPW}\n`);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^KDBX 4\.\d database/);
    expect(secretOf(vault, 'kdf-token')).toBe('glpat-kdfToken42');
  });

  it('a key file with a password, a key file alone, a missing or wrong key file', () => {
    const keyFile = file('db.keyx');
    const withKey = kdbxFromXml(file('keyed.kdbx'), keepassXml([token]), DBPW, keyFile);
    const keyOnly = kdbxFromXml(file('key-only.kdbx'), keepassXml([{ ...token, title: 'key-only', password: 'glpat-keyOnlyToken7' }]), '', keyFile);
    const vault = freshVault();
    const keyed = runCli(['--vault', vault, 'import', withKey, '--key-file', keyFile], `${PW}\n${DBPW}\n`);
    expect(keyed.status, keyed.stderr).toBe(0);
    const alone = runCli(['--vault', vault, 'import', keyOnly, '--key-file', keyFile], `${PW}\n\n`);
    expect(alone.status, alone.stderr).toBe(0);
    expect(list(vault).map((e) => e.name).sort()).toEqual(['kdf-token', 'key-only']);

    const before = fileBytes(vault);
    const noKey = runCli(['--vault', vault, 'import', withKey], `${PW}\n${DBPW}\n`);
    expect(noKey.status).toBe(3);
    const otherKey = file('other.key');
    fs.writeFileSync(otherKey, 'some other file used as a key');
    expect(runCli(['--vault', vault, 'import', withKey, '--key-file', otherKey], `${PW}\n${DBPW}\n`).status).toBe(3);
    const missing = runCli(['--vault', vault, 'import', withKey, '--key-file', file('nope.keyx')], `${PW}\n${DBPW}\n`);
    expect(missing).toMatchObject({ status: 1, stderr: `tokenvault: Cannot read the key file ${file('nope.keyx')}.\n` });
    expect(fileBytes(vault).equals(before)).toBe(true);
  });
});

describe('a 50 MB database', () => {
  it('imports with bounded memory: the XML is streamed, attachments are never kept', async () => {
    const db = await bigKdbx(file('big.kdbx'), DBPW, { logins: 3_000, tokens: 50, attachmentMiB: 48 });
    expect(fs.statSync(db).size).toBeGreaterThan(50 * 1000 * 1000);
    expect(keepassxcInfo(db, DBPW)).toMatch(/KDF: Argon2d/);
    const vault = freshVault();
    const rssFile = file('big.rss');
    const result = spawnSync('/usr/bin/time', ['-f', '%M', '-o', rssFile, process.execPath, CLI, '--vault', vault, 'import', db], { input: `${PW}\n${DBPW}\n`, encoding: 'utf8', timeout: 300_000 });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('KDBX 4.0 database (Argon2d, AES-256): 3051 entries.');
    expect(result.stdout).toContain('History is not imported: 100 older versions');
    expect(result.stdout).toMatch(/Attachments are not imported: 6 attachments ignored\./);
    expect(result.stdout).toMatch(/Imported 51 tokens\.\n$/);
    // Measured: ~0.5 GB here, nearly all of it the decrypted attachments passing through.
    const peakMiB = Number(fs.readFileSync(rssFile, 'utf8').trim().split('\n').pop()) / 1024;
    expect(peakMiB).toBeLessThan(1024);
    expect(secretOf(vault, 'token-42')).toMatch(/^glpat-current-42-/);
  }, 300_000);
});

describe('bad databases are refused with one sentence, the vault unchanged', () => {
  let vault = '';
  beforeAll(() => {
    vault = freshVault();
  });
  const refused = (db: string, input = `${PW}\n${DBPW}\n`) => {
    const before = fileBytes(vault);
    const result = runCli(['--vault', vault, 'import', db], input);
    expect(fileBytes(vault).equals(before)).toBe(true);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    return result;
  };

  it('a truncated KDBX 3.1 file and a tampered KDBX 4 file exit 4', async () => {
    const bytes = fs.readFileSync(main);
    fs.writeFileSync(file('cut.kdbx'), bytes.subarray(0, bytes.length - 37));
    expect(refused(file('cut.kdbx'))).toMatchObject({ status: 4, stderr: 'tokenvault: cut.kdbx is damaged or truncated; nothing was imported.\n' });
    // Whole AES blocks, the last one altered: AES-CBC's padding fails as on a wrong key, but the
    // stream start bytes in the first block say the key was right (it read "wrong password").
    const altered = Buffer.from(bytes);
    altered[altered.length - 16]! ^= 0x01; // the last block: its whole plaintext, padding too, comes out garbled
    fs.writeFileSync(file('altered.kdbx'), altered);
    expect(refused(file('altered.kdbx'))).toMatchObject({ status: 4, stderr: 'tokenvault: altered.kdbx is damaged or truncated; nothing was imported.\n' });
    expect(refused(file('altered.kdbx'), `${PW}\nnot the database password\n`)).toMatchObject({ status: 3 });

    const v4 = await emptyKdbx(file('tamper.kdbx'), { password: DBPW, kdf: 'argon2d', cipher: 'chacha20' });
    keepassxcAdd(v4, DBPW, { title: 't', password: 'glpat-t' });
    const tampered = fs.readFileSync(v4);
    tampered[tampered.length - 40]! ^= 0x01;
    fs.writeFileSync(v4, tampered);
    expect(refused(v4)).toMatchObject({ status: 4, stderr: 'tokenvault: tamper.kdbx is damaged or truncated; nothing was imported.\n' });
  });

  it('a file that is not a KeePass database exits 4 before any prompt', () => {
    fs.writeFileSync(file('noise.kdbx'), 'this is not a database at all');
    expect(refused(file('noise.kdbx'), '')).toMatchObject({ status: 4, stderr: expect.stringContaining('noise.kdbx is not a KeePass database (.kdbx)') });
  });

  it('other format versions: KeePass 1.x, KDBX 2 and a future KDBX 5', () => {
    const bytes = Buffer.from(fs.readFileSync(main));
    const kdb = Buffer.from(bytes);
    kdb.writeUInt32LE(0xb54bfb65, 4);
    fs.writeFileSync(file('old.kdb'), kdb);
    expect(refused(file('old.kdb'), '')).toMatchObject({ status: 2, stderr: expect.stringContaining('is a KeePass 1.x database (.kdb)') });
    for (const [major, name] of [[2, 'v2.kdbx'], [5, 'v5.kdbx']] as const) {
      const other = Buffer.from(bytes);
      other.writeUInt16LE(major, 10);
      fs.writeFileSync(file(name), other);
      expect(refused(file(name), '')).toMatchObject({ status: 2, stderr: `tokenvault: ${name} is a KDBX ${major}.1 database; Token Vault reads KDBX 3.1 and 4.x, so save it in KeePassXC 2.7 or later and import again.\n` });
    }
  });

  it('a KeeShare container is refused', () => {
    const share = keeShareContainer(file('team.kdbx.share'), fs.readFileSync(main));
    expect(execFileSync('unzip', ['-l', share], { encoding: 'utf8' })).toContain('container.share.kdbx');
    expect(refused(share, '')).toMatchObject({ status: 2, stderr: expect.stringContaining('team.kdbx.share is a KeeShare container; Token Vault reads databases, not KeeShare shares') });
  });

  it('a database that also needs a YubiKey (challenge-response) is refused as a wrong key, saying why', async () => {
    const secret = Buffer.from('yubikey slot secret');
    const db = await emptyKdbx(file('yubikey.kdbx'), {
      password: DBPW, kdf: 'argon2d', cipher: 'aes',
      challengeResponse: async (challenge) => new Uint8Array(createHmac('sha1', secret).update(Buffer.from(challenge)).digest()),
    });
    expect(refused(db)).toMatchObject({ status: 3, stderr: expect.stringContaining('a database that also needs a YubiKey cannot be imported') });
  });

  it('Twofish, which kdbxweb cannot decrypt, is refused before any prompt', async () => {
    const db = await emptyKdbx(file('twofish.kdbx'), { password: DBPW, kdf: 'argon2d', cipher: 'aes' });
    const bytes = fs.readFileSync(db);
    const aes = Buffer.from('McHy5r9xQ1C+WAUhavxa/w==', 'base64');
    bytes.set(Buffer.from('l/b2Ua8uTSqXpI3I2SEI8w==', 'base64'), bytes.indexOf(aes));
    fs.writeFileSync(db, bytes);
    expect(refused(db, '')).toMatchObject({ status: 2, stderr: expect.stringContaining('is encrypted with Twofish') });
  });
});
