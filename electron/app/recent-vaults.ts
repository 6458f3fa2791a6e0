// The vaults this user has opened (a work vault, a personal one), newest first, kept main-side in
// a small JSON file in the app's user-data folder so the app opens the last one next time. Each
// with the name and colour it had when last unlocked here, so a locked vault and the list of
// others say "Work", not "vault.tokenvault" (the name itself lives sealed in the vault; this copy
// is this computer's, owner-only like the rest of the folder). Never a secret. A missing or
// unreadable file is an empty list, never an error.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { isVaultColour, type VaultLabel } from '../vault/vault-label';

const MAX_KEPT = 8;
const fileSchema = z.object({
  vaults: z
    .array(
      z.object({
        path: z.string().min(1).max(4096),
        openedAt: z.string().max(40),
        name: z.string().max(255).optional(),
        colour: z.string().max(20).optional(),
        team: z.object({ name: z.string().max(255), removed: z.boolean() }).optional(),
      }),
    )
    .max(100),
});

export interface RecentVault {
  path: string;
  openedAt: string;
  /** As last seen unlocked here; absent for a vault never unlocked here (or remembered before names existed). */
  name?: string;
  colour?: string;
  /** The team this vault is a copy of, as last seen unlocked here (absent: a personal vault); `removed`: you were removed from it. */
  team?: RecentTeam;
}

export interface RecentTeam {
  name: string;
  removed: boolean;
}

export class RecentVaults {
  /** `file` null: nothing is remembered (tests, the headless agent). */
  constructor(
    private readonly file: string | null,
    private readonly now: () => Date = () => new Date(),
  ) {}

  list(): RecentVault[] {
    if (!this.file) return [];
    try {
      const parsed = fileSchema.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
      return parsed.success ? parsed.data.vaults.slice(0, MAX_KEPT) : [];
    } catch {
      return [];
    }
  }

  /**
   * Puts `path` first, with its label when known (else the one remembered) and its team (null: a
   * personal vault; undefined: as remembered); at most MAX_KEPT are kept. A write that fails costs
   * only the memory of it.
   */
  remember(path: string, label?: VaultLabel, team?: RecentTeam | null): void {
    if (!this.file) return;
    const full = resolve(path);
    const before = this.list();
    const known = label ?? this.labelOf(full, before);
    const teamNow = team === undefined ? before.find((v) => v.path === full)?.team : (team ?? undefined);
    const vaults = [
      { path: full, openedAt: this.now().toISOString(), ...(known ? { name: known.name, colour: known.colour } : {}), ...(teamNow ? { team: teamNow } : {}) },
      ...before.filter((v) => v.path !== full),
    ].slice(0, MAX_KEPT);
    try {
      mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
      const temp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(temp, `${JSON.stringify({ vaults }, null, 2)}\n`, { mode: 0o600 });
      renameSync(temp, this.file);
    } catch {
      // Not remembering a vault is an inconvenience, not a failure of what the user asked.
    }
  }

  /** The name and colour `path` had when last unlocked here; null when never seen unlocked. */
  labelOf(path: string, list = this.list()): VaultLabel | null {
    const full = resolve(path);
    const found = list.find((v) => v.path === full);
    return found?.name ? { name: found.name, colour: isVaultColour(found.colour) ? found.colour : 'blue' } : null;
  }

  /** The team `path` is a copy of, as last seen unlocked here; null for a personal vault (or one never unlocked here). */
  teamOf(path: string, list = this.list()): RecentTeam | null {
    const full = resolve(path);
    return list.find((v) => v.path === full)?.team ?? null;
  }

  has(path: string): boolean {
    const full = resolve(path);
    return this.list().some((v) => v.path === full);
  }
}

/** The vault to open at start: an explicit one (TOKENVAULT_VAULT) wins, then the last one opened that still exists, else the default. */
export function startingVaultPath(recent: RecentVaults, fallback: string, explicit?: string): string {
  if (explicit) return explicit;
  return recent.list().find((v) => existsSync(v.path))?.path ?? fallback;
}
