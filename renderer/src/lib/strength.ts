// Password strength with zxcvbn-ts. Its dictionaries are large, so they load only when a
// screen that sets a password asks, in their own chunk, and never on the daily unlock path.
// zxcvbn's own feedback sentences ("There should not be any personal or page related data.")
// are not ours: it is given its message keys as "translations", and adviceFor() turns the
// keys into the app's plain words.
export interface Strength {
  score: 0 | 1 | 2 | 3 | 4;
  /** zxcvbn's warning key (e.g. 'commonNames'), or '' for none. */
  warning: string;
  /** zxcvbn's suggestion keys. */
  suggestions: string[];
}

type Checker = (password: string, userInputs: string[]) => Strength;
let checker: Promise<Checker> | null = null;

const keysOf = <T extends Record<string, string>>(table: T): T => Object.fromEntries(Object.keys(table).map((k) => [k, k])) as T;

export function loadStrengthChecker(): Promise<Checker> {
  checker ??= (async () => {
    const [{ ZxcvbnFactory }, common, en] = await Promise.all([
      import('@zxcvbn-ts/core'),
      import('@zxcvbn-ts/language-common'),
      import('@zxcvbn-ts/language-en'),
    ]);
    const zxcvbn = new ZxcvbnFactory({
      translations: { ...en.translations, warnings: keysOf(en.translations.warnings), suggestions: keysOf(en.translations.suggestions) },
      graphs: common.adjacencyGraphs,
      dictionary: { ...common.dictionary, ...en.dictionary },
      useLevenshteinDistance: true,
    });
    return (password, userInputs) => {
      const r = zxcvbn.check(password, userInputs);
      return { score: r.score, warning: r.feedback.warning ?? '', suggestions: r.feedback.suggestions };
    };
  })();
  return checker;
}

export const STRENGTH_WORDS = ['Very weak', 'Weak', 'Fair', 'Strong', 'Very strong'] as const;
/** The score the meter calls good; "Fair" (one less) is allowed and explained, unless the person asked for strong (whyNotYet). */
export const MIN_SCORE = 3;
/** Below this the password is refused: it would fall to guessing quickly. */
export const REFUSED_BELOW = 2;

/** What is wrong, in the app's words, by zxcvbn's warning key. */
const WHAT_IS_WRONG: Record<string, string> = {
  straightRow: 'Keys in a row on the keyboard are among the first things tried.',
  keyPattern: 'Keyboard patterns are among the first things tried.',
  simpleRepeat: 'Repeated letters add almost nothing.',
  extendedRepeat: 'A repeated chunk adds almost nothing.',
  sequences: 'Runs like “abc” or “123” are among the first things tried.',
  recentYears: 'A recent year is easy to guess.',
  dates: 'A date is easy to guess.',
  topTen: 'This is one of the most used passwords in the world.',
  topHundred: 'This is one of the most used passwords.',
  common: 'This is a well-known password.',
  similarToCommon: 'This is a small change to a well-known password.',
  wordByItself: 'One word on its own is guessed quickly.',
  namesByThemselves: 'A name on its own is guessed quickly.',
  commonNames: 'Common names are guessed quickly.',
  userInputs: 'Words like “token”, “vault” or “gitlab” are the first an attacker tries here.',
  pwned: 'This password has leaked on the internet.',
};

/** One sentence to read: what is wrong (if zxcvbn named it) and what to do about it. */
export function adviceFor(strength: Strength | null, password: string): string {
  if (!password || !strength) return 'Use a phrase of four or more unrelated words; it is easier to remember and harder to guess than symbols.';
  if (strength.score >= MIN_SCORE) return 'Good: this will hold against guessing.';
  if (strength.score === REFUSED_BELOW) {
    const words = password.trim().split(/\s+/).length;
    return `Usable: it stops someone guessing at the unlock screen, but with a copy of the vault file and time it could be found. ${words >= 3 ? 'One more unexpected word' : 'Two more unrelated words'} would make it strong.`;
  }
  const wrong = WHAT_IS_WRONG[strength.warning] ?? (password.length < 12 ? 'It is too short.' : 'It is too easy to guess.');
  const words = password.trim().split(/\s+/).length;
  const fix = words >= 3 ? 'Add another word nobody would expect next to these.' : 'Add two or three more unrelated words.';
  return `${wrong} ${fix}`;
}
