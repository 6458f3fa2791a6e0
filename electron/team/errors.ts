// Team vaults' refusals: a code and one sentence for the person at the keyboard; never a secret.
export type TeamErrorCode =
  | 'NO_IDENTITY'
  | 'BAD_INVITE'
  | 'KEY_CHANGED'
  | 'NOT_A_TEAM'
  | 'ALREADY_TEAM'
  | 'NOT_A_MANAGER'
  | 'NOT_A_MEMBER'
  | 'REMOVED'
  | 'UNKNOWN_MEMBER'
  | 'LIST_REFUSED'
  | 'NO_TEAM_HERE'
  | 'CANNOT_MOVE';

export class TeamError extends Error {
  override readonly name = 'TeamError';
  constructor(
    readonly code: TeamErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const isTeamError = (e: unknown): e is TeamError => e instanceof TeamError;
