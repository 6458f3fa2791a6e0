// The renderer's door to the main side: window.tokenVault, with {ok:false} answers turned
// into thrown ApiCallErrors so screens can try/catch and show `message` as it is.
import type { ApiResult, ArgsOf, ErrorFix, MethodName, ResultOf } from '../../electron/api';

export class ApiCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** What the UI should offer to do about it (main decides; the sentence is never parsed). */
    readonly fix: ErrorFix | null = null,
    /** ALREADY_STORED: the token that holds the pasted secret, to offer opening it. */
    readonly entryId: string | null = null,
  ) {
    super(message);
    this.name = 'ApiCallError';
  }
}

export async function call<M extends MethodName>(method: M, args: ArgsOf<M>): Promise<ResultOf<M>> {
  const api = window.tokenVault;
  if (!api) throw new ApiCallError('NO_BRIDGE', 'Token Vault could not reach its main process.');
  let answer: ApiResult<ResultOf<M>>;
  try {
    answer = await (api[method] as unknown as (a: ArgsOf<M>) => Promise<ApiResult<ResultOf<M>>>)(args);
  } catch {
    throw new ApiCallError('NO_BRIDGE', 'Token Vault could not reach its main process; try again.');
  }
  if (answer.ok) return answer.value as ResultOf<M>;
  throw new ApiCallError(answer.error.code, answer.error.message, answer.error.fix ?? null, answer.error.entryId ?? null);
}

export const messageOf = (error: unknown): string =>
  error instanceof ApiCallError ? error.message : 'Something went wrong; nothing was changed.';

/** An error as a screen keeps it: the sentence, and the fix to offer beside it. */
export interface Problem {
  text: string;
  fix: ErrorFix | null;
  /** The token the problem is about (a secret already stored there): offered as "Open it". */
  entryId?: string | null;
}

export const problemOf = (error: unknown): Problem => ({ text: messageOf(error), fix: error instanceof ApiCallError ? error.fix : null, entryId: error instanceof ApiCallError ? error.entryId : null });

export const codeOf = (error: unknown): string | null => (error instanceof ApiCallError ? error.code : null);
