// At start, before any window: can this process load better-sqlite3's native binding? A
// binding built for another runtime (Node's ABI in an Electron app) or missing altogether
// would otherwise show up as "Something went wrong" on the first vault call. The probe opens
// an in-memory database (the binding loads on the first open, not at import) and, when that
// fails, says what is wrong in words a person can act on.
import Database from 'better-sqlite3';

export type SqliteProbe =
  | { ok: true; sqliteVersion: string }
  | { ok: false; problem: 'wrong-abi' | 'missing' | 'unloadable'; message: string; detail: string; error: unknown };

const REINSTALL = 'Reinstall Token Vault from a release. If you built it yourself, build it with `npm run dist`, which builds the module for Electron and checks it.';

/** What a failure to load the binding means, from Node's and the bindings module's own messages. */
export function describeSqliteFailure(error: unknown): Omit<Extract<SqliteProbe, { ok: false }>, 'ok' | 'error'> {
  const text = error instanceof Error ? error.message : String(error);
  const abi = /NODE_MODULE_VERSION (\d+)[\s\S]*?requires\s+NODE_MODULE_VERSION (\d+)/.exec(text);
  if (abi) {
    return {
      problem: 'wrong-abi',
      message: 'Token Vault cannot open vaults: its SQLite module was built for another runtime.',
      detail: `The module is built for ABI ${abi[1]}; this Token Vault needs ABI ${abi[2]}. ${REINSTALL}`,
    };
  }
  if (/Could not locate the bindings file|Cannot find module|ENOENT|No such file/i.test(text)) {
    return { problem: 'missing', message: 'Token Vault cannot open vaults: its SQLite module is missing.', detail: `better_sqlite3.node is not where Token Vault looks for it. ${REINSTALL}` };
  }
  return {
    problem: 'unloadable',
    message: 'Token Vault cannot open vaults: its SQLite module does not load.',
    detail: `${text.split('\n')[0]!.slice(0, 300)}. ${REINSTALL}`,
  };
}

export function probeSqlite(open: () => { prepare(sql: string): { pluck(): { get(): unknown } }; close(): void } = () => new Database(':memory:')): SqliteProbe {
  try {
    const db = open();
    try {
      return { ok: true, sqliteVersion: String(db.prepare('SELECT sqlite_version()').pluck().get()) };
    } finally {
      db.close();
    }
  } catch (error) {
    return { ok: false, ...describeSqliteFailure(error), error };
  }
}
