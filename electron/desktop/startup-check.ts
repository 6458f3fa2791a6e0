// What main.ts does when the start-up probe (vault/sqlite-probe.ts) fails: log why, tell the
// person at the keyboard in a dialog what is wrong and what to do, then quit — an app that
// cannot open a vault must not open a window that fails on the first click.
import type { MessageBoxOptions } from 'electron';
import type { SqliteProbe } from '../vault/sqlite-probe';
import type { MainLog } from './main-log';

export interface StartupCheckPorts {
  showMessageBox: (options: MessageBoxOptions) => Promise<unknown>;
  log: Pick<MainLog, 'problem' | 'info' | 'path'>;
}

/** true when the app may go on; false after the dialog, when it must quit. */
export async function checkSqliteAtStart(probe: SqliteProbe, ports: StartupCheckPorts): Promise<boolean> {
  if (probe.ok) {
    ports.log.info(`SQLite ${probe.sqliteVersion} loaded.`);
    return true;
  }
  ports.log.problem(`start-up: SQLite module ${probe.problem}`, probe.error);
  await ports.showMessageBox({
    type: 'error',
    title: 'Token Vault',
    message: probe.message,
    detail: `${probe.detail}\n\nDetails are in ${ports.log.path}.`,
    buttons: ['Quit'],
  });
  return false;
}
