// What the CLI writes for a person (ctx.out, warnings, git's note, error sentences) goes through
// visibleText: a terminal acts on control characters, so each is shown as an escape instead.
import { describe, expect, it } from 'vitest';
import { visibleText } from '../../electron/cli/terminal-text';

describe('visibleText', () => {
  it('shows every C0, DEL and C1 control character as an escape; keeps tab, newline and the rest', () => {
    const all = Array.from({ length: 0xa0 }, (_, i) => String.fromCharCode(i)).join('');
    const shown = visibleText(all);
    expect(shown).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(shown).toContain('\t\n');
    expect(shown).toContain('\\r');
    expect(shown).toContain('\\u001b');
    expect(shown).toContain('\\u009b');
    expect(visibleText('Name:  naïve → 名前 glpat-x')).toBe('Name:  naïve → 名前 glpat-x');
  });

  it('shows bidi controls as escapes, so a line cannot be reordered to look like another', () => {
    const bidi = ['\u061c', '\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'];
    const shown = visibleText(`deploy-bot${bidi.join('x')} ran: make`);
    expect(shown).not.toMatch(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
    expect(shown).toContain('\\u202e');
    expect(shown).toContain('\\u2066');
    expect(visibleText('שלום deploy عربى')).toBe('שלום deploy عربى');
  });
});
