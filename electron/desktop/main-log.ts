// The main process's log file: what lies behind an INTERNAL error (the person at the keyboard
// sees one plain sentence; whoever helps them needs the rest), and why the app could not start.
// electron-log's Node logger (electron-log/node), not its Electron one: that one registers IPC
// channels so the page could write to the log, and the page has exactly one channel.
//
// Owner-only (folder 0700, file 0600), in the user-data folder, rotated at 512 KiB (electron-log
// keeps one previous file, main.old.log). Never a secret: only the method name and the error's
// name, code, message and stack are written — never arguments or results — and every one of
// those passes through redactSecrets first (an error message can quote what it choked on).
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import log from 'electron-log/node';

/** GitLab token prefixes (electron/app/paste.ts lists what each is). */
const GITLAB_TOKEN = /\b(?:glpat|gldt|glrt|glptt|glft|glcbt|gloas|glagent|glimt|glsoat|glwt|glffct|glsoat)-[A-Za-z0-9_.-]{4,}/g;
const HEADER_SECRET = /\b(authorization|private-token|job-token|deploy-token|cookie|x-api-key)(\s*[:=]\s*)(?:bearer\s+|basic\s+)?[^\s,;"']+/gi;
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]+:[^\s/@]+@/gi;
const QUERY_SECRET = /([?&](?:private_token|access_token|token|password|secret|key)=)[^&\s#]+/gi;
/** Long runs of key-like characters (base64, hex): a key, a ciphertext or an unknown token. */
const LONG_OPAQUE = /\b[A-Za-z0-9+/_-]{32,}={0,2}/g;

/** The text with anything that looks like a credential replaced by [redacted]. */
export function redactSecrets(text: string): string {
  return text
    .replace(GITLAB_TOKEN, '[redacted]')
    .replace(HEADER_SECRET, (_m, name: string, sep: string) => `${name}${sep}[redacted]`)
    .replace(URL_CREDENTIALS, (_m, scheme: string) => `${scheme}[redacted]@`)
    .replace(QUERY_SECRET, (_m, key: string) => `${key}[redacted]`)
    .replace(LONG_OPAQUE, '[redacted]');
}

/** Name, code, message and stack of an error (its cause too, one level), redacted and bounded. */
export function describeError(error: unknown): string {
  const one = (value: unknown): string => {
    if (!(value instanceof Error)) return `non-error thrown: ${typeof value}`;
    const code = (value as { code?: unknown }).code;
    const head = `${value.name}${typeof code === 'string' || typeof code === 'number' ? ` [${code}]` : ''}: ${value.message}`;
    const frames = (value.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line)).slice(0, 12);
    return [head, ...frames].join('\n');
  };
  const cause = error instanceof Error && error.cause !== undefined ? `\ncaused by ${one(error.cause)}` : '';
  return redactSecrets(`${one(error)}${cause}`).slice(0, 8000);
}

export interface MainLog {
  readonly path: string;
  /** An error dispatch hid behind INTERNAL (or an answer that broke the contract). */
  internalError(method: string, error: unknown): void;
  /** Why the app could not start (or could not serve the CLI). */
  problem(what: string, error: unknown): void;
  info(message: string): void;
}

/** Opens (creates) the log at <userData>/logs/main.log. */
export function openMainLog(userDataDir: string): MainLog {
  const dir = join(userDataDir, 'logs');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const path = join(dir, 'main.log');
  const file = log.transports.file;
  file.resolvePathFn = () => path;
  file.maxSize = 512 * 1024;
  file.writeOptions = { flag: 'a', mode: 0o600, encoding: 'utf8' };
  file.level = 'info';
  // Nobody reads a packaged app's standard output; the file is the record.
  log.transports.console.level = false;
  return {
    path,
    internalError: (method, error) => log.error(`INTERNAL in ${redactSecrets(method)}: ${describeError(error)}`),
    problem: (what, error) => log.error(`${redactSecrets(what)}: ${describeError(error)}`),
    info: (message) => log.info(redactSecrets(message)),
  };
}

/**
 * The same handler table, each handler reporting the errors `isInternal` says will be hidden
 * behind INTERNAL, then rethrowing them unchanged: for transports that dispatch without the
 * onUnexpectedError hook (the CLI agent's socket).
 */
export function reportingInternalErrors<T extends object>(table: T, report: (method: string, error: unknown) => void, isInternal: (error: unknown) => boolean): T {
  const wrapped: Record<string, unknown> = {};
  for (const [method, handler] of Object.entries(table) as Array<[string, (args: unknown) => Promise<unknown>]>) {
    wrapped[method] = async (args: unknown) => {
      try {
        return await handler(args);
      } catch (error) {
        if (isInternal(error)) report(method, error);
        throw error;
      }
    };
  }
  return Object.freeze(wrapped) as T;
}
