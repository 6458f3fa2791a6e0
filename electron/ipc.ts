// One handler table for every transport. main.ts binds it to ipcMain; the browser preview
// binds it to HTTP; tests call it directly. Every call passes through `dispatch`, which
// refuses unknown methods and malformed arguments BEFORE any service runs, and checks the
// result against the contract so a stray field (a secret, say) never leaves the main side.
// No Electron import here: this is plain Node and unit-tested as such.
import type { z } from 'zod';
import { fastAccept } from './contract-check';
import { errorFixSchema, isMethodName, methods, type ApiError, type ApiResult, type MethodName, type Methods, type ResultOf } from './api';
import { timeStep } from './vault/step-timing';

type ParsedArgs<M extends MethodName> = z.output<Methods[M]['args']>;

/** What the main-side services must offer: one function per contract method. */
export type ApiServices = {
  [M in MethodName]: (args: ParsedArgs<M>) => Promise<ResultOf<M>> | ResultOf<M>;
};

export type HandlerTable = {
  readonly [M in MethodName]: (args: ParsedArgs<M>) => Promise<ResultOf<M>>;
};

export function createHandlerTable(services: ApiServices): HandlerTable {
  const table = {} as Record<MethodName, (args: unknown) => Promise<unknown>>;
  for (const name of Object.keys(methods) as MethodName[]) {
    const service = services[name] as (args: unknown) => unknown;
    if (typeof service !== 'function') throw new Error(`The services do not implement ${name}.`);
    table[name] = async (args) => service.call(services, args);
  }
  return Object.freeze(table) as unknown as HandlerTable;
}

/** Keys that could reach an object's prototype if some code down the line merged arguments. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function hasForbiddenKey(value: unknown, depth = 0): boolean {
  if (depth > 16) return true; // nothing in the contract nests this deep
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((item) => hasForbiddenKey(item, depth + 1));
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) return true;
    if (hasForbiddenKey((value as Record<string, unknown>)[key], depth + 1)) return true;
  }
  return false;
}

/** Errors whose message was written for the person at the keyboard and may cross as-is. */
const USER_FACING_ERRORS = new Set(['VaultError', 'ServiceError', 'GitLabError', 'SyncError', 'QuickUnlockError', 'TeamError']);

export function toApiError(error: unknown): ApiError {
  if (error instanceof Error && USER_FACING_ERRORS.has(error.name)) {
    const code = (error as { code?: unknown }).code;
    const fix = errorFixSchema.safeParse((error as { fix?: unknown }).fix);
    // ALREADY_STORED names the token holding the secret, for the app's "open it?".
    const entryId = (error as { entryId?: unknown }).entryId;
    return {
      code: typeof code === 'string' ? code.slice(0, 64) : 'FAILED',
      message: error.message.slice(0, 1000),
      ...(fix.success ? { fix: fix.data } : {}),
      ...(typeof entryId === 'string' && entryId.length <= 64 ? { entryId } : {}),
    };
  }
  // Anything else may carry paths or internals: say something useful without them.
  return { code: 'INTERNAL', message: 'Something went wrong inside Token Vault; nothing was changed.' };
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const first = issues[0];
  if (!first) return 'The request was malformed.';
  const where = first.path.length ? ` (${first.path.join('.')})` : '';
  return `The request was malformed${where}: ${first.message}`.slice(0, 1000);
}

export interface DispatchOptions {
  /** Told about errors that were hidden behind INTERNAL, so main can log them (name and stack, no arguments). */
  onUnexpectedError?: (method: MethodName, error: unknown) => void;
}

/**
 * Validates `rawArgs` for `method`, runs the handler, and answers {ok, value | error}.
 * Never throws: a transport can send the answer as it is.
 */
export async function dispatch(table: HandlerTable, method: unknown, rawArgs: unknown, options: DispatchOptions = {}): Promise<ApiResult<unknown>> {
  if (!isMethodName(method)) {
    return { ok: false, error: { code: 'UNKNOWN_METHOD', message: 'Token Vault does not know that request.' } };
  }
  const args = rawArgs === undefined ? {} : rawArgs;
  if (hasForbiddenKey(args)) {
    return { ok: false, error: { code: 'INVALID_ARGS', message: 'The request contained a forbidden field name.' } };
  }
  const parsedArgs = methods[method].args.safeParse(args);
  if (!parsedArgs.success) {
    return { ok: false, error: { code: 'INVALID_ARGS', message: describeIssues(parsedArgs.error.issues) } };
  }
  let value: unknown;
  try {
    value = await (table[method] as (a: unknown) => Promise<unknown>)(parsedArgs.data);
  } catch (error) {
    const apiError = toApiError(error);
    if (apiError.code === 'INTERNAL') options.onUnexpectedError?.(method, error);
    return { ok: false, error: apiError };
  }
  // What the contract accepts crosses as it is; zod sees only what the fast check cannot vouch for (and says why).
  if (timeStep(() => `${method}: contract check`, () => fastAccept(methods[method].result)?.(value))) return { ok: true, value: value as never };
  const checked = methods[method].result.safeParse(value);
  if (!checked.success) {
    options.onUnexpectedError?.(method, new Error(`Result of ${method} broke the contract: ${checked.error.issues.map((i) => i.path.join('.')).join(', ')}`));
    // The main side broke its own contract; never forward what it produced.
    return { ok: false, error: { code: 'INTERNAL', message: 'Token Vault produced an answer it should not have; nothing was shown.' } };
  }
  return { ok: true, value: checked.data };
}

/**
 * Whether an IPC message comes from our own page. `allowedOrigin` is either an http(s)
 * origin (the dev server) or the exact file: URL of the packaged index.html.
 */
export function isTrustedSender(url: string | null | undefined, allowedOrigin: string): boolean {
  if (typeof url !== 'string' || url.length === 0 || url.length > 8192) return false;
  let sender: URL;
  let allowed: URL;
  try {
    sender = new URL(url);
    allowed = new URL(allowedOrigin);
  } catch {
    return false;
  }
  if (allowed.protocol === 'file:') {
    return sender.protocol === 'file:' && sender.host === allowed.host && sender.pathname === allowed.pathname;
  }
  if (allowed.protocol !== 'http:' && allowed.protocol !== 'https:') return false;
  if (sender.username || sender.password) return false;
  return sender.origin === allowed.origin;
}
