// How a failure ends a `tokenvault` command: one sentence on standard error and an exit status
// from cli.md. Shared by the full CLI and the entry's fast paths, so both end a failure alike.
import { isVaultError, type VaultErrorCode } from '../vault/errors';
import { CliError, EXIT } from './context';
import { visibleText } from './terminal-text';

const EXIT_FOR: Partial<Record<VaultErrorCode, number>> = {
  WRONG_PASSWORD: EXIT.wrongPassword,
  DAMAGED: EXIT.damaged,
  NOT_A_VAULT: EXIT.damaged,
  INVALID_INPUT: EXIT.usage,
};

export function exitStatusFor(error: unknown): { status: number; message: string | null } {
  if (error instanceof CliError) return { status: error.exitCode, message: error.message };
  if (isVaultError(error)) return { status: EXIT_FOR[error.code] ?? EXIT.failed, message: error.message };
  // Anything unexpected: one sentence, no stack (a stack could quote data), and a hint.
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return { status: EXIT.failed, message: `Unexpected error: ${message}` };
}

/** Writes the failure's sentence (if any) and returns its exit status. */
export function reportFailure(error: unknown): number {
  const { status, message } = exitStatusFor(error);
  if (message) process.stderr.write(`tokenvault: ${visibleText(message)}\n`);
  return status;
}
