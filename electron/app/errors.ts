// Errors the main-side services raise for the person at the keyboard: a code the UI can
// branch on, one plain sentence, and optionally the fix the UI should offer (a button that
// leads to where the problem is changed). ipc.ts lets these cross as they are (by name).
import type { ErrorFix } from '../api';

export class ServiceError extends Error {
  override readonly name = 'ServiceError';
  constructor(
    readonly code: string,
    message: string,
    readonly fix?: ErrorFix,
  ) {
    super(message);
  }
}
