// Errors the main-side services raise for the person at the keyboard: a code the UI can
// branch on and one plain sentence. ipc.ts lets these cross as they are (by name).
export class ServiceError extends Error {
  override readonly name = 'ServiceError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
