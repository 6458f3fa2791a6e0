// Password strength with zxcvbn-ts. Its dictionaries are large, so they load only when the
// first-run screen asks, in their own chunk, and never on the daily unlock path.
export interface Strength {
  score: 0 | 1 | 2 | 3 | 4;
  warning: string;
  suggestions: string[];
}

type Checker = (password: string, userInputs: string[]) => Strength;
let checker: Promise<Checker> | null = null;

export function loadStrengthChecker(): Promise<Checker> {
  checker ??= (async () => {
    const [{ ZxcvbnFactory }, common, en] = await Promise.all([
      import('@zxcvbn-ts/core'),
      import('@zxcvbn-ts/language-common'),
      import('@zxcvbn-ts/language-en'),
    ]);
    const zxcvbn = new ZxcvbnFactory({
      translations: en.translations,
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
