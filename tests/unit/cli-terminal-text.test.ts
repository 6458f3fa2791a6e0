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
});
