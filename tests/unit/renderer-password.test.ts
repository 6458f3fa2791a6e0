// The words a new master password is judged in: our own, never zxcvbn's sentences.
import { describe, expect, it } from 'vitest';
import { adviceFor, loadStrengthChecker } from '../../renderer/src/lib/strength';
import { whyNotYet } from '../../renderer/src/screens/FirstRun';

describe('master password advice', () => {
  it('names what is wrong in plain words and says what to do, for zxcvbn warning keys', async () => {
    const check = await loadStrengthChecker();
    const weak = check('password1', ['token', 'vault']);
    expect(weak.warning).toMatch(/^[a-zA-Z]+$/); // a key, not a sentence
    const advice = adviceFor(weak, 'password1');
    expect(advice).toMatch(/well-known password|most used/);
    expect(advice).toMatch(/Add two or three more unrelated words\.$/);
    const english = Object.values((await import('@zxcvbn-ts/language-en')).translations.warnings);
    for (const sentence of english) expect(advice).not.toContain(sentence);
  });

  it('a strong password is called good; an empty field gets the starting advice', async () => {
    const check = await loadStrengthChecker();
    const p = 'quiet ferns under copper rain';
    expect(adviceFor(check(p, []), p)).toBe('Good: this will hold against guessing.');
    expect(adviceFor(null, '')).toMatch(/four or more unrelated words/);
  });

  it('a disabled Create vault always has a reason, and none once it can be used', () => {
    expect(whyNotYet('', '', null)).toBe('Choose a master password first.');
    expect(whyNotYet('abc', '', 1)).toMatch(/too easy to guess/);
    // "Fair" explains (the meter's advice) rather than blocks; the person's own rule blocks it.
    expect(whyNotYet('fair enough phrase', 'fair enough phrase', 2)).toBeNull();
    expect(whyNotYet('fair enough phrase', 'fair enough phrase', 2, undefined, true)).toMatch(/You asked for a strong password/);
    expect(whyNotYet('fair enough phrase', 'fair enough phrase', 3, undefined, true)).toBeNull();
    expect(whyNotYet('long enough phrase', '', 4)).toMatch(/Repeat the master password/);
    // The change-password dialog's repeat field has its own label; the sentence names that one.
    expect(whyNotYet('long enough phrase', '', 4, 'Repeat the new master password')).toBe('Type the password again in “Repeat the new master password”.');
    expect(whyNotYet('long enough phrase', 'long enough phrasx', 4)).toBe('Make the two passwords match to continue.');
    expect(whyNotYet('long enough phrase', 'long enough phrase', 4)).toBeNull();
  });
});
