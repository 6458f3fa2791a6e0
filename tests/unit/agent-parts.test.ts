// The agent's small parts: git's helper input read strictly, --env pairs, the runtime
// folder's safety checks, and noticing a sleep from the clocks.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { ensurePrivateDir, endpointFor, runtimeDir } from '../../electron/agent/endpoint';
import { credentialSchema } from '../../electron/agent/protocol';
import { CREDENTIAL_LIMITS } from '../../electron/agent/wire';
import { LineReader } from '../../electron/agent/line-reader';
import { watchForSleep } from '../../electron/agent/sleep-watch';
import { answerText, parseCredential } from '../../electron/cli/git-credential';
import { parseEnvPairs } from '../../electron/cli/run';
import { tempDir } from '../helpers/vault-fixture';

describe('answerText: what git reads back', () => {
  it('one line per field; a value with a line break or NUL is not answered at all (it would add lines of its own)', () => {
    expect(answerText({ username: 'oauth2', password: 'glpat-x', expiryUtc: 1800000000 })).toBe('username=oauth2\npassword=glpat-x\npassword_expiry_utc=1800000000\n');
    expect(answerText({ username: 'oauth2', password: 'glpat-x', expiryUtc: null })).toBe('username=oauth2\npassword=glpat-x\n');
    for (const bad of ['glpat-x\nusername=other', 'glpat-x\r', 'glpat\0x']) {
      expect(answerText({ username: 'oauth2', password: bad, expiryUtc: null })).toBeNull();
      expect(answerText({ username: bad, password: 'glpat-x', expiryUtc: null })).toBeNull();
    }
  });
});

describe('parseCredential (gitcredentials(7), strictly)', () => {
  it('reads the attributes up to the blank line and ignores unknown ones and arrays', () => {
    expect(parseCredential('protocol=https\nhost=gitlab.com\npath=a/b.git\nwwwauth[]=Basic realm="GitLab"\ncapability[]=authtype\nfuture=1\n\nignored=yes\n')).toEqual({
      protocol: 'https',
      host: 'gitlab.com',
      path: 'a/b.git',
    });
    expect(parseCredential('protocol=https\r\nhost=gitlab.com\r\nusername=me\r\npassword=p=q\r\n')).toEqual({ protocol: 'https', host: 'gitlab.com', username: 'me', password: 'p=q' });
  });

  it('url= stands for its parts', () => {
    expect(parseCredential('url=https://me@gitlab.example.com:8443/g/p.git\n\n')).toEqual({ protocol: 'https', host: 'gitlab.example.com:8443', path: 'g/p.git', username: 'me' });
  });

  it('other protocols are not ours: no error, nothing answered', () => {
    expect(parseCredential('protocol=ssh\nhost=gitlab.com\n\n')).toEqual({ unsupported: 'ssh' });
  });

  it.each([
    ['a line without =', 'protocol=https\nhost gitlab.com\n\n', /not key=value/],
    ['an empty key', '=x\n\n', /not key=value/],
    ['a bad key', 'pro tocol=https\nhost=x\n\n', /malformed attribute/],
    ['a NUL in a value', 'protocol=https\nhost=a\u0000b\n\n', /malformed attribute/],
    ['no host', 'protocol=https\n\n', /no protocol= and host=/],
    ['nothing at all', '', /no protocol= and host=/],
    ['a url= that is not one', 'url=::nope\n\n', /not a URL/],
    ['a host too long', `protocol=https\nhost=${'h'.repeat(400)}\n\n`, /cannot use \(host\)/],
  ])('refuses %s with one sentence', (_name, input, message) => {
    expect(() => parseCredential(input)).toThrow(message);
  });

  it.each([
    ['a password piped by mistake', 'correct horse battery staple 2026!\nprotocol=https\nhost=h\n\n', 'git sent a line that is not key=value (line 1); nothing was done.', 'horse'],
    ['a token where a key goes', 'protocol=https\nglpat secret 0123456789=x\n\n', 'git sent a malformed attribute (line 2); nothing was done.', 'glpat'],
  ])('names %s by its line number, never quoting it', (_name, input, sentence, secretPart) => {
    let message = '';
    try {
      parseCredential(input);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(sentence);
    expect(message).not.toContain(secretPart);
  });

  // The helper checks lengths without zod (it starts faster); the agent checks the same
  // credential with protocol.ts's schema. Both must draw the line at the same place.
  it.each(['host', 'path', 'username', 'password'] as const)('refuses a %s exactly where the agent\'s schema does', (field) => {
    for (const length of [CREDENTIAL_LIMITS[field], CREDENTIAL_LIMITS[field] + 1]) {
      const value = 'a'.repeat(length);
      const credential = { protocol: 'https', host: 'gitlab.com', [field]: value };
      const input = `${Object.entries(credential).map(([k, v]) => `${k}=${v}`).join('\n')}\n\n`;
      let helperTakes = true;
      try {
        parseCredential(input);
      } catch {
        helperTakes = false;
      }
      expect(helperTakes, `${field} of ${length}`).toBe(credentialSchema.safeParse(credential).success);
      expect(helperTakes).toBe(length === CREDENTIAL_LIMITS[field]);
    }
  });
});

describe('parseEnvPairs', () => {
  it('VAR=NAME pairs, names with = inside kept whole', () => {
    expect(parseEnvPairs(['GITLAB_TOKEN=ci', '_X=a=b'])).toEqual([
      { variable: 'GITLAB_TOKEN', ref: 'ci' },
      { variable: '_X', ref: 'a=b' },
    ]);
  });
  it.each([[[]], [['NOEQUALS']], [['1X=a']], [['X=']], [['X=a', 'X=b']], [['A-B=c']]])('refuses %j', (pairs) => {
    expect(() => parseEnvPairs(pairs as string[])).toThrow();
  });
});

describe('the runtime folder', () => {
  it('is $XDG_RUNTIME_DIR/tokenvault, else a uid-keyed folder in the temp dir; one socket per vault id', () => {
    expect(runtimeDir({ XDG_RUNTIME_DIR: '/run/user/1000' })).toBe('/run/user/1000/tokenvault');
    expect(runtimeDir({})).toMatch(new RegExp(`tokenvault-${process.getuid!()}$`));
    const fileTag = '0123456789abcdef';
    expect(endpointFor({ vaultId: '0F8FAD5B-D9CB-469F-A165-70867728950E', fileTag }, { XDG_RUNTIME_DIR: '/run/user/1000' })).toBe('/run/user/1000/tokenvault/0f8fad5b-d9cb-469f-a165-70867728950e-0123456789abcdef.sock');
    expect(() => endpointFor({ vaultId: '../../etc/passwd', fileTag }, {})).toThrow(/not a vault id/);
    expect(() => endpointFor({ vaultId: '0F8FAD5B-D9CB-469F-A165-70867728950E', fileTag: '../x' }, {})).toThrow(/not a vault file tag/);
  });

  it('is made 0700, and one open to others, a link, or someone else\'s is refused', () => {
    const base = tempDir('tv-rt-');
    const made = ensurePrivateDir(path.join(base, 'ok'));
    expect(fs.statSync(made).mode & 0o777).toBe(0o700);

    const open = path.join(base, 'open');
    fs.mkdirSync(open, { mode: 0o777 });
    fs.chmodSync(open, 0o777);
    expect(() => ensurePrivateDir(open)).toThrow(/open to other users \(mode 777\)/);

    const link = path.join(base, 'link');
    fs.symlinkSync(made, link);
    expect(() => ensurePrivateDir(link)).toThrow(/not a folder/);

    if (process.getuid!() === 0) {
      const theirs = path.join(base, 'theirs');
      fs.mkdirSync(theirs, { mode: 0o700 });
      fs.chownSync(theirs, 65534, 65534);
      expect(() => ensurePrivateDir(theirs)).toThrow(/belongs to another user/);
    }
    fs.rmSync(base, { recursive: true, force: true });
  });
});

describe('watchForSleep', () => {
  it('fires when the wall clock jumped far past the monotonic clock, not on ordinary ticks', () => {
    vi.useFakeTimers();
    let wall = 0;
    let mono = 0;
    const woke = vi.fn();
    const stop = watchForSleep(woke, { tickMs: 1000, slackMs: 30_000, clocks: { wall: () => wall, monotonic: () => mono } });
    wall += 1000;
    mono += 1000;
    vi.advanceTimersByTime(1000);
    expect(woke).not.toHaveBeenCalled();
    wall += 3_600_000; // an hour asleep: the monotonic clock stood still
    mono += 1000;
    vi.advanceTimersByTime(1000);
    expect(woke).toHaveBeenCalledTimes(1);
    stop();
    vi.useRealTimers();
  });
});

describe('LineReader (the agent\'s framing)', () => {
  const collect = (max: number) => {
    const lines: string[] = [];
    let tooLong = 0;
    const reader = new LineReader(max, { line: (l) => (lines.push(l), true), tooLong: () => void tooLong++ });
    return { reader, lines, tooLong: () => tooLong };
  };

  it('joins a line split across chunks, a character split between its bytes included', () => {
    const { reader, lines } = collect(100);
    const bytes = Buffer.from('{"a":"é"}\nsecond\n');
    reader.push(bytes.subarray(0, 7)); // inside é's two bytes
    expect(reader.partial).toBe(true);
    reader.push(bytes.subarray(7));
    expect(lines).toEqual(['{"a":"é"}', 'second']);
    expect(reader.partial).toBe(false);
  });

  it('stops at a line longer than the limit, whether it arrives whole or a byte at a time', () => {
    const whole = collect(8);
    whole.reader.push(Buffer.from('123456789\nafter\n'));
    expect(whole).toMatchObject({ lines: [] });
    expect(whole.tooLong()).toBe(1);
    const trickle = collect(8);
    for (const byte of Buffer.from('123456789')) trickle.reader.push(Buffer.from([byte]));
    trickle.reader.push(Buffer.from('\nafter\n'));
    expect(trickle.lines).toEqual([]);
    expect(trickle.tooLong()).toBe(1);
  });

  it('stops when told to: lines after that are not handed on', () => {
    const lines: string[] = [];
    const reader = new LineReader(100, { line: (l) => (lines.push(l), lines.length < 2), tooLong: () => undefined });
    reader.push(Buffer.from('\n\n\n\n'));
    expect(lines).toEqual(['', '']);
  });
});
