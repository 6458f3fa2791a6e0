import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ClipboardGuard } from '../../electron/app/copy';
import { createClipboardPort, passwordManagerHints } from '../../electron/desktop/clipboard';
import type { ClipboardPortOptions } from '../../electron/desktop/clipboard';
import { DEFAULT_SETTINGS } from '../../electron/vault/types';

/** Stands in for Electron's ClipboardItem: keeps the payloads it was built with. */
class FakeClipboardItem {
  readonly payloads: Record<string, string | Blob>;
  constructor(payloads: Record<string, string | Blob>) {
    this.payloads = payloads;
  }
  get types() {
    return Object.keys(this.payloads);
  }
}

/** A system clipboard holding plain text, plus a record of every write; `selection` is Linux's PRIMARY. */
function fakeSystemClipboard() {
  const state = { text: '', writes: [] as FakeClipboardItem[][], clears: 0, primary: '', primaryClears: 0 };
  const selection = {
    readText: vi.fn(async () => state.primary),
    clear: vi.fn(() => {
      state.primary = '';
      state.primaryClears += 1;
    }),
  };
  const clipboard = {
    selection,
    write: vi.fn(async (items: FakeClipboardItem[]) => {
      state.writes.push(items);
      const text = items[0]?.payloads['text/plain'];
      state.text = typeof text === 'string' ? text : '';
    }),
    readText: vi.fn(async () => state.text),
    clear: vi.fn(() => {
      state.text = '';
      state.clears += 1;
    }),
  };
  return { state, clipboard };
}

function makeDesktopClipboard(platform: NodeJS.Platform = 'linux') {
  const system = fakeSystemClipboard();
  const port = createClipboardPort({ clipboard: system.clipboard, ClipboardItem: FakeClipboardItem, platform } as unknown as ClipboardPortOptions);
  const emit = vi.fn();
  // The timing is app/copy.ts's ClipboardGuard; main.ts wires it to this adapter exactly so.
  const guard = new ClipboardGuard(port, emit);
  return { ...system, port, guard, emit };
}

describe('createClipboardPort', () => {
  it('writes the secret and the platform hint in one atomic write', async () => {
    const { state, port } = makeDesktopClipboard('linux');
    await port.writeSecret('s3cret');
    expect(state.writes).toHaveLength(1);
    expect(state.writes[0]).toHaveLength(1);
    expect(state.writes[0]![0]!.payloads).toEqual({
      'text/plain': 's3cret',
      'electron application/osclipboard;format="x-kde-passwordManagerHint"': 'secret',
    });
  });

  it('clears when the clipboard still holds what we wrote', async () => {
    const { state, port } = makeDesktopClipboard();
    await port.writeSecret('glpat-example-not-real');
    expect(await port.clearIfUnchanged('glpat-example-not-real')).toBe(true);
    expect(state.text).toBe('');
  });

  it('leaves the clipboard alone when the user copied something else since', async () => {
    const { state, port } = makeDesktopClipboard();
    await port.writeSecret('glpat-example-not-real');
    state.text = 'a line from an editor';
    expect(await port.clearIfUnchanged('glpat-example-not-real')).toBe(false);
    expect(state.text).toBe('a line from an editor');
    expect(state.clears).toBe(0);
  });
});

describe('copying through ClipboardGuard on the Electron adapter', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('clears the secret after the default 20 seconds', async () => {
    const { state, guard } = makeDesktopClipboard();
    await guard.copy('entry-1', 'glpat-example-not-real', DEFAULT_SETTINGS.clipboardClearSeconds);
    await vi.advanceTimersByTimeAsync(19_000);
    expect(state.text).toBe('glpat-example-not-real');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(state.text).toBe('');
    expect(state.clears).toBe(1);
  });

  it('does not clear what the user copied after us when the timeout comes', async () => {
    const { state, guard } = makeDesktopClipboard();
    await guard.copy('entry-1', 'glpat-example-not-real', 20);
    state.text = 'copied later by the user';
    await vi.advanceTimersByTimeAsync(20_000);
    expect(state.text).toBe('copied later by the user');
    expect(state.clears).toBe(0);
  });

  it('clears at once on lock (and quit), before the timeout', async () => {
    const { state, guard, emit } = makeDesktopClipboard();
    await guard.copy('entry-1', 'glpat-example-not-real', 20);
    await guard.clearNow();
    expect(state.text).toBe('');
    expect(emit).toHaveBeenCalledWith('clipboardCleared', { id: 'entry-1' });
    state.text = 'copied later by the user';
    await vi.advanceTimersByTimeAsync(20_000);
    expect(state.text).toBe('copied later by the user');
    expect(state.clears).toBe(1);
  });

  it('a failed write still leaves the previous secret to be cleared on lock, and on its timeout', async () => {
    const { state, clipboard, guard } = makeDesktopClipboard();
    await guard.copy('entry-1', 'glpat-first-not-real', 20);
    clipboard.write.mockRejectedValueOnce(new Error('the clipboard is busy'));
    await expect(guard.copy('entry-2', 'glpat-second-not-real', 20)).rejects.toThrow('busy');
    expect(state.text).toBe('glpat-first-not-real');
    await guard.clearNow();
    expect(state.text).toBe('');

    await guard.copy('entry-1', 'glpat-first-not-real', 20);
    clipboard.write.mockRejectedValueOnce(new Error('the clipboard is busy'));
    await expect(guard.copy('entry-2', 'glpat-second-not-real', 20)).rejects.toThrow('busy');
    await vi.advanceTimersByTimeAsync(20_000);
    expect(state.text).toBe('');
  });

  it('a write that failed but landed anyway is cleared on lock too', async () => {
    const { state, clipboard, guard } = makeDesktopClipboard();
    clipboard.write.mockImplementationOnce(async (items: FakeClipboardItem[]) => {
      state.text = String(items[0]?.payloads['text/plain']);
      throw new Error('reported a failure after writing');
    });
    await expect(guard.copy('entry-1', 'glpat-landed-not-real', 20)).rejects.toThrow('after writing');
    expect(state.text).toBe('glpat-landed-not-real');
    await guard.clearNow();
    expect(state.text).toBe('');
  });
});

// A revealed token selected with the mouse lands in PRIMARY (middle-click paste) with no copy at all.
describe('Linux PRIMARY selection', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());
  const secret = 'glpat-example-not-real';

  it('a revealed secret selected with the mouse is cleared from PRIMARY after the clipboard delay', async () => {
    const { state, guard } = makeDesktopClipboard('linux');
    guard.watchReveal(secret, 20);
    state.primary = secret;
    await vi.advanceTimersByTimeAsync(19_000);
    expect(state.primary).toBe(secret);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(state.primary).toBe('');
    expect(state.primaryClears).toBe(1);
  });

  it('clears it at once on lock and quit', async () => {
    const { state, guard } = makeDesktopClipboard('linux');
    guard.watchReveal(secret, 20);
    state.primary = secret;
    await guard.clearNow();
    expect(state.primary).toBe('');
    await vi.advanceTimersByTimeAsync(20_000);
    expect(state.primaryClears).toBe(1);
  });

  it('leaves PRIMARY alone when the user selected something else since', async () => {
    const { state, guard } = makeDesktopClipboard('linux');
    guard.watchReveal(secret, 20);
    state.primary = 'a word from a terminal';
    await vi.advanceTimersByTimeAsync(20_000);
    await guard.clearNow();
    expect(state.primary).toBe('a word from a terminal');
    expect(state.primaryClears).toBe(0);
  });

  it('clears PRIMARY with the clipboard when a copied secret was also selected', async () => {
    const { state, guard } = makeDesktopClipboard('linux');
    await guard.copy('entry-1', secret, 20);
    state.primary = secret;
    await vi.advanceTimersByTimeAsync(20_000);
    expect([state.text, state.primary]).toEqual(['', '']);
  });

  it('never touches a selection outside Linux (Electron has none there)', async () => {
    const { state, guard } = makeDesktopClipboard('darwin');
    guard.watchReveal(secret, 20);
    state.primary = secret;
    await vi.advanceTimersByTimeAsync(20_000);
    await guard.clearNow();
    expect(state.primaryClears).toBe(0);
  });

  it('keeps a reveal with "never clear" until lock', async () => {
    const { state, guard } = makeDesktopClipboard('linux');
    guard.watchReveal(secret, 0);
    state.primary = secret;
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(state.primary).toBe(secret);
    await guard.clearNow();
    expect(state.primary).toBe('');
  });
});

describe('passwordManagerHints', () => {
  it('marks macOS copies as concealed', () => {
    expect(Object.keys(passwordManagerHints('darwin'))).toEqual(['electron application/osclipboard;format="org.nspasteboard.ConcealedType"']);
  });

  it('keeps Windows copies out of clipboard history and the cloud clipboard', async () => {
    const hints = passwordManagerHints('win32');
    expect(Object.keys(hints).sort()).toEqual([
      'electron application/osclipboard;format="CanIncludeInClipboardHistory"',
      'electron application/osclipboard;format="CanUploadToCloudClipboard"',
      'electron application/osclipboard;format="ExcludeClipboardContentFromMonitorProcessing"',
    ]);
    const history = hints['electron application/osclipboard;format="CanIncludeInClipboardHistory"'] as Blob;
    expect([...new Uint8Array(await history.arrayBuffer())]).toEqual([0, 0, 0, 0]);
  });

  it('adds nothing on platforms without a convention', () => {
    expect(passwordManagerHints('freebsd')).toEqual({});
  });
});
