import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SecretClipboard, passwordManagerHints } from '../../electron/desktop/clipboard';
import type { SecretClipboardOptions } from '../../electron/desktop/clipboard';

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

/** A system clipboard holding plain text, plus a record of every write. */
function fakeSystemClipboard() {
  const state = { text: '', writes: [] as FakeClipboardItem[][], clears: 0 };
  const clipboard = {
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

function makeClipboard(platform: NodeJS.Platform = 'linux', clearAfterSeconds?: () => number) {
  const system = fakeSystemClipboard();
  const secretClipboard = new SecretClipboard({
    clipboard: system.clipboard,
    ClipboardItem: FakeClipboardItem,
    platform,
    ...(clearAfterSeconds ? { clearAfterSeconds } : {}),
  } as unknown as SecretClipboardOptions);
  return { ...system, secretClipboard };
}

describe('SecretClipboard', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('clears the secret after 20 seconds by default', async () => {
    const { state, secretClipboard } = makeClipboard();
    await secretClipboard.copySecret('glpat-example-not-real');
    expect(state.text).toBe('glpat-example-not-real');
    await vi.advanceTimersByTimeAsync(19_000);
    expect(state.text).toBe('glpat-example-not-real');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(state.text).toBe('');
    expect(state.clears).toBe(1);
  });

  it('leaves the clipboard alone when the user copied something else since', async () => {
    const { state, secretClipboard } = makeClipboard();
    await secretClipboard.copySecret('glpat-example-not-real');
    state.text = 'a line from an editor';
    await vi.advanceTimersByTimeAsync(20_000);
    expect(state.text).toBe('a line from an editor');
    expect(state.clears).toBe(0);
  });

  it('follows the configured timeout, read at each copy', async () => {
    let seconds = 5;
    const { state, secretClipboard } = makeClipboard('linux', () => seconds);
    await secretClipboard.copySecret('first');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(state.text).toBe('');
    seconds = 60;
    await secretClipboard.copySecret('second');
    await vi.advanceTimersByTimeAsync(59_000);
    expect(state.text).toBe('second');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(state.text).toBe('');
  });

  it('with a timeout of 0 keeps the secret until lock or quit', async () => {
    const { state, secretClipboard } = makeClipboard('linux', () => 0);
    await secretClipboard.copySecret('kept');
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(state.text).toBe('kept');
    expect(await secretClipboard.clearIfOurs()).toBe(true);
    expect(state.text).toBe('');
  });

  it('clears on lock (clearIfOurs) before the timeout, and only once', async () => {
    const { state, secretClipboard } = makeClipboard();
    await secretClipboard.copySecret('glpat-example-not-real');
    expect(await secretClipboard.clearIfOurs()).toBe(true);
    expect(state.text).toBe('');
    state.text = 'copied later by the user';
    await vi.advanceTimersByTimeAsync(20_000);
    expect(await secretClipboard.clearIfOurs()).toBe(false);
    expect(state.text).toBe('copied later by the user');
    expect(state.clears).toBe(1);
  });

  it('clearIfOurs does nothing when nothing was copied', async () => {
    const { state, secretClipboard } = makeClipboard();
    state.text = 'user text';
    expect(await secretClipboard.clearIfOurs()).toBe(false);
    expect(state.text).toBe('user text');
  });

  it('a second copy restarts the timeout for the new secret', async () => {
    const { state, secretClipboard } = makeClipboard();
    await secretClipboard.copySecret('one');
    await vi.advanceTimersByTimeAsync(15_000);
    await secretClipboard.copySecret('two');
    await vi.advanceTimersByTimeAsync(15_000);
    expect(state.text).toBe('two');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(state.text).toBe('');
  });

  it('writes the secret and the platform hint in one atomic write', async () => {
    const { state, secretClipboard } = makeClipboard('linux');
    await secretClipboard.copySecret('s3cret');
    expect(state.writes).toHaveLength(1);
    expect(state.writes[0]).toHaveLength(1);
    expect(state.writes[0]![0]!.payloads).toEqual({
      'text/plain': 's3cret',
      'electron application/osclipboard;format="x-kde-passwordManagerHint"': 'secret',
    });
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
