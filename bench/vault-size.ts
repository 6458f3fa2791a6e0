// Where a vault file's bytes go: SQLite's own page accounting (the dbstat virtual table, compiled
// into better-sqlite3) per table and index, free pages, the write-ahead log left beside it, and
// the average size of each stored column of a token's row, so a size goal is argued from the
// file's profile and not from an estimate. The vault bench prints it for its 10,000-token file;
// `node --import tsx bench/vault-size.ts FILE` prints it for any vault (read-only, no key).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

interface Part {
  name: string;
  pages: number;
  bytes: number;
  payload: number;
  unused: number;
}

const MiB = (n: number) => `${(n / 1024 / 1024).toFixed(2)} MiB`;

/** The profile as printable lines. Opens the file read-only; the log beside it is measured, not read. */
export function vaultSizeProfile(file: string): string[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const pageCount = db.pragma('page_count', { simple: true }) as number;
    const free = db.pragma('freelist_count', { simple: true }) as number;
    const parts = db.prepare('SELECT name, count(*) AS pages, sum(pgsize) AS bytes, sum(payload) AS payload, sum(unused) AS unused FROM dbstat GROUP BY name ORDER BY bytes DESC').all() as Part[];
    // SQLite names the indexes behind PRIMARY KEY and UNIQUE by number: say which columns they hold.
    const label = (name: string) => {
      const index = db.prepare("SELECT tbl_name FROM sqlite_schema WHERE type = 'index' AND name = ?").pluck().get(name) as string | undefined;
      if (!index) return name;
      const columns = (db.pragma(`index_info(${JSON.stringify(name)})`) as { name: string }[]).map((c) => c.name).join(', ');
      return `${index}(${columns}) index`;
    };
    const tokens = db.prepare('SELECT count(*) FROM entries').pluck().get() as number;
    const per = (n: number) => (tokens > 0 ? (n / tokens).toFixed(1) : '-');
    const wal = fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0;
    const lines = [
      `vault file ${MiB(fs.statSync(file).size)}: ${pageCount} pages of ${pageSize} bytes, ${free} free; write-ahead log beside it ${MiB(wal)}; ${tokens} tokens`,
      'table or index                           pages     bytes   bytes/token   payload/token   unused/token',
    ];
    for (const p of parts) lines.push(`${label(p.name).padEnd(40)} ${String(p.pages).padStart(5)} ${String(p.bytes).padStart(9)}  ${per(p.bytes).padStart(12)}  ${per(p.payload).padStart(14)}  ${per(p.unused).padStart(13)}`);
    if (tokens > 0) {
      const cols = db
        .prepare('SELECT avg(length(CAST(id AS BLOB))) AS id, avg(length(name_tag)) AS nameTag, avg(length(overview)) AS overview, avg(length(secret)) AS secret, min(length(overview)) AS minOverview, max(length(overview)) AS maxOverview FROM entries')
        .get() as Record<string, number>;
      lines.push(
        `a token's row, average bytes: id ${cols.id!.toFixed(0)}, name tag ${cols.nameTag!.toFixed(0)}, sealed overview ${cols.overview!.toFixed(1)} (${cols.minOverview}–${cols.maxOverview}), sealed secret ${cols.secret!.toFixed(1)}, two instants as integers`,
      );
    }
    const blobs = db.prepare('SELECT key, length(value) AS n FROM meta WHERE typeof(value) IN (\'blob\', \'text\') ORDER BY n DESC').all() as { key: string; n: number }[];
    lines.push(`meta: ${blobs.map((b) => `${b.key} ${b.n}`).join(', ')}`);
    for (const table of ['releases', 'old_secrets']) {
      const row = db.prepare(`SELECT count(*) AS n, coalesce(sum(length(sealed)), 0) AS bytes FROM ${table}`).get() as { n: number; bytes: number };
      lines.push(`${table}: ${row.n} rows, ${row.bytes} sealed bytes`);
    }
    return lines;
  } finally {
    db.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: node --import tsx bench/vault-size.ts VAULT_FILE');
  for (const line of vaultSizeProfile(file)) console.log(line);
}
