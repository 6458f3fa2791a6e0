// A KeePass database opened with the right password can still be hostile: the decrypted XML is
// the attacker's. Deep nesting, giant field values, endless entries and 20,000 entries of one
// title are read within bounds; the key-derivation parameters are capped before any password.
import { describe, expect, it, vi } from 'vitest';
import * as codec from '../../electron/vault/entry-codec';
import { checkKdfAsk, maxArgon2KiB } from '../../electron/vault/kdbx-limits';
import { planKdbxImport } from '../../electron/vault/kdbx-import';
import type { KdbxRecord } from '../../electron/vault/kdbx-reader';
import { MAX_ENTRIES, parseKeePassXml, type ProtectedStream } from '../../electron/vault/kdbx-xml';

vi.mock('../../electron/vault/entry-codec', async (original) => {
  const real = await original<typeof codec>();
  return { ...real, normaliseName: vi.fn(real.normaliseName) };
});

/** A stand-in inner stream whose bytes depend on their position, so a misaligned read shows. */
function positionalStream(): ProtectedStream & { at: number } {
  const s = {
    at: 0,
    getSalt(length: number) {
      const out = new Uint8Array(length);
      for (let i = 0; i < length; i += 1) out[i] = (s.at + i) * 7 & 0xff;
      s.at += length;
      return out.buffer;
    },
  };
  return s;
}
/** What KeePass writes for `value` when the inner stream stands at `at`. */
const protect = (value: Buffer, at: number) => Buffer.from(value.map((b, i) => b ^ ((at + i) * 7 & 0xff))).toString('base64');

const entry = (title: string, password: string) =>
  `<Entry><String><Key>Title</Key><Value>${title}</Value></String><String><Key>Password</Key><Value Protected="True">${password}</Value></String></Entry>`;
const file = (body: string) => `<?xml version="1.0"?><KeePassFile><Meta></Meta><Root><Group><UUID>AAAAAAAAAAAAAAAAAAAAAA==</UUID><Name>Root</Name>${body}</Group></Root></KeePassFile>`;

describe('the decrypted XML of a hostile database', () => {
  it('40,000 nested groups are refused with a sentence, not read until memory runs out', () => {
    const depth = 40_000;
    const xml = file(`${'<Group><Name>g</Name>'.repeat(depth)}${entry('t', '')}${'</Group>'.repeat(depth)}`);
    expect(() => parseKeePassXml(xml, positionalStream())).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', message: 'The database nests its groups more than 100 deep; Token Vault stops there, so nothing was imported.' }),
    );
  });

  it('a 24 MB protected field keeps only what an entry can hold, and the inner stream moves on by all of it', () => {
    // A zero stream (cheap at this size) that counts what it hands out: the next value's salt
    // must start exactly after the giant's 150 MiB, or every later secret decrypts wrong.
    const stream = { at: 0, getSalt: (length: number) => ((stream.at += length), new ArrayBuffer(length)) };
    const big = Buffer.alloc(18 * 1024 * 1024, 0x61);
    const bigText = big.toString('base64');
    const xml = file(entry('giant', bigText) + entry('after', Buffer.from('glpat-after-the-giant').toString('base64')));
    const { records } = parseKeePassXml(xml, stream);
    expect(records.map((r) => r.title)).toEqual(['giant', 'after']);
    expect(records[0]!.password.length).toBeLessThan(70 * 1024);
    expect(records[0]!.password.length).toBeGreaterThan(64 * 1024);
    expect(records[1]!.password).toBe('glpat-after-the-giant');
    expect(stream.at).toBe(big.length + 'glpat-after-the-giant'.length);
    // Too long to be a secret: skipped with its reason, never stored cut short.
    const { preview } = planKdbxImport({ version: 'KDBX 4.0', cipher: 'AES-256', kdf: 'Argon2d' }, records, { all: true });
    expect(preview.skipped).toEqual([{ name: 'giant', group: '', reason: 'password over 64 KiB' }]);
  }, 180_000);

  it('protected values read in parts still decrypt with the stream in order', () => {
    const stream = positionalStream();
    const first = Buffer.from('x'.repeat(100 * 1024));
    const second = Buffer.from('glpat-second-value');
    const xml = file(entry('one', protect(first, 0)) + entry('two', protect(second, first.length)));
    const { records } = parseKeePassXml(xml, stream);
    expect(records[0]!.password.length).toBeGreaterThan(64 * 1024);
    expect(records[1]!.password).toBe('glpat-second-value');
  });

  it('a 200 MB plain field is kept to 64 KiB, and a 1 MB attribute is refused as damage', () => {
    const notes = `<Entry><String><Key>Title</Key><Value>n</Value></String><String><Key>Notes</Key><Value>${'x'.repeat(200 * 1024 * 1024)}</Value></String></Entry>`;
    const { records } = parseKeePassXml(file(notes), positionalStream());
    expect(records[0]!.notes.length).toBe(64 * 1024 + 1);
    const attribute = file(`<Entry><String><Key>Title</Key><Value Junk="${'y'.repeat(1024 * 1024)}">t</Value></String></Entry>`);
    expect(() => parseKeePassXml(attribute, positionalStream())).toThrow(expect.objectContaining({ code: 'DAMAGED' }));
  }, 180_000);

  it(`more than ${MAX_ENTRIES.toLocaleString('en-US')} entries are refused`, () => {
    const xml = file(entry('e', '').repeat(MAX_ENTRIES + 1));
    expect(() => parseKeePassXml(xml, positionalStream())).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringContaining('holds more than 200,000 entries') }));
  }, 180_000);
});

describe('20,000 entries with one title', () => {
  it('are numbered "t (2)" … "t (20000)" with work linear in the count (50 s once, quadratic)', () => {
    const n = 20_000;
    // Each its own token: a token repeated is taken once (planKdbxImport), which is not what this tests.
    const records: KdbxRecord[] = Array.from({ length: n }, (_, i) => ({
      title: 'same', userName: '', password: `glpat-x${i}`, url: '', notes: '', groupPath: [], createdAt: null, expiresAt: null,
      attachments: 0, historyVersions: 0, otherFields: 0, inRecycleBin: false, inTemplates: false,
    }));
    const calls = vi.mocked(codec.normaliseName);
    calls.mockClear();
    const { items } = planKdbxImport({ version: 'KDBX 4.0', cipher: 'AES-256', kdf: 'Argon2d' }, records, { takenNames: ['same (3)'] });
    expect(items[0]!.input.name).toBe('same');
    expect(items[1]!.input.name).toBe('same (2)');
    expect(items[2]!.input.name).toBe('same (4)');
    expect(items.at(-1)!.input.name).toBe(`same (${n + 1})`);
    expect(new Set(items.map((i) => i.input.name)).size).toBe(n);
    // Names compared: a few per entry, not one per earlier entry (n²/2 = 200 million).
    expect(calls.mock.calls.length).toBeLessThan(10 * n);
  });
});

describe('key-derivation parameters are capped before any password', () => {
  const GiB = 1024 ** 3;
  it.each([
    ['AES-KDF rounds 2^46', { kdf: 'AES-KDF', rounds: 2 ** 46 } as const, 'asks for 70,368,744,177,664 AES-KDF rounds; Token Vault stops at 1,000,000,000'],
    ['Argon2 iterations 2^32', { kdf: 'Argon2d', iterations: 2 ** 32, memoryKiB: 64 * 1024, parallelism: 2 } as const, 'asks for 4,294,967,296 Argon2 iterations at 64 MiB; Token Vault stops at 1,024 iterations for that memory'],
    ['Argon2 memory 1 TiB', { kdf: 'Argon2id', iterations: 2, memoryKiB: 2 ** 30, parallelism: 2 } as const, 'asks for 1,048,576 MiB of Argon2 memory; Token Vault stops at 4,096 MiB'],
    ['Argon2 parallelism 2^24-1', { kdf: 'Argon2d', iterations: 2, memoryKiB: 64 * 1024, parallelism: 2 ** 24 - 1 } as const, 'asks for 16,777,215 Argon2 threads (parallelism); Token Vault stops at 128'],
  ])('%s: refused, naming the parameter', (_label, ask, sentence) => {
    expect(() => checkKdfAsk('x.kdbx', ask, 16 * GiB)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringContaining(`x.kdbx ${sentence}`) }));
  });

  it("KeePassXC's defaults and its heaviest settings on a fast machine pass", () => {
    expect(() => checkKdfAsk('x', { kdf: 'Argon2d', iterations: 10, memoryKiB: 64 * 1024, parallelism: 2 }, 16 * GiB)).not.toThrow();
    expect(() => checkKdfAsk('x', { kdf: 'Argon2id', iterations: 60, memoryKiB: 1024 * 1024, parallelism: 8 }, 16 * GiB)).not.toThrow();
    expect(() => checkKdfAsk('x', { kdf: 'AES-KDF', rounds: 500_000_000 }, 16 * GiB)).not.toThrow();
  });

  it('Argon2 memory is held to half of this computer', () => {
    expect(maxArgon2KiB(2 * GiB)).toBe(1024 * 1024);
    expect(() => checkKdfAsk('x', { kdf: 'Argon2d', iterations: 2, memoryKiB: 1536 * 1024, parallelism: 2 }, 2 * GiB)).toThrow(/half of this computer's memory/);
  });
});
