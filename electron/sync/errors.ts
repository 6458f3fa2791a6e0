// Sync's refusals: a code and one sentence for the person at the keyboard; never a secret.
export type SyncErrorCode =
  | 'NOT_SET_UP'
  | 'ALREADY_SET_UP'
  | 'NO_REPLICAS'
  | 'FOREIGN_REPLICA'
  | 'DAMAGED_REPLICA'
  | 'NEEDS_PASSWORD'
  | 'WRONG_PASSWORD'
  | 'PLACE_UNREACHABLE'
  | 'BUSY'
  | 'UNKNOWN_DEVICE'
  | 'KEY_NOT_VOUCHED';

export class SyncError extends Error {
  override readonly name = 'SyncError';
  constructor(
    readonly code: SyncErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const isSyncError = (e: unknown): e is SyncError => e instanceof SyncError;
