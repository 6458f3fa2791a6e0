// After a removal: what the leaver could read, and rotating it. The leaver keeps everything they
// saw before removal (their copy, and the place's older files under the old key): only a new
// secret on GitLab takes a token back. A token still "exposed" is one whose secret is the very
// one they could read, told by a keyed hash taken at removal (the secret itself is not kept twice).
import type { Sodium } from '../vault/sodium';
import { addressChecker } from './address-guard';
import type { TeamVault } from './team-sync';
import type { Exposure, ExposedEntry, TeamState } from './team-state';

export function markOf(sodium: Sodium, team: Pick<TeamState, 'markKey'>, secret: string): string {
  return Buffer.from(sodium.crypto_generichash(16, new TextEncoder().encode(secret), new Uint8Array(Buffer.from(team.markKey, 'base64')))).toString('hex');
}

export interface ExposedNow extends ExposedEntry {
  /** Who could read it: the removed members whose copy holds this very secret. */
  leavers: string[];
  instance: string | null;
  /** Who last set its address, as the place's signed files show (null: never set, or set here since the last sync). */
  addressSetBy: string | null;
  /** Its address is not the one it was added with. */
  addressChanged: boolean;
  /** Why rotation will not send it to its address (set by a removed member, or by nobody known); null when it may. The CLI's sentence. */
  refusal: string | null;
  /** The same hold, for callers that say it in their own words: who set the address (null: nobody the signed files name) and when they were removed. */
  held: AddressHold | null;
}

export interface AddressHold {
  setBy: string | null;
  removedAt: string | null;
  removedBy: string | null;
}


/** Tokens a removed member could read whose secret has not changed since. */
export function stillExposed(sodium: Sodium, team: TeamState, vault: TeamVault): ExposedNow[] {
  const live = new Map(vault.list().map((e) => [e.id, e]));
  const address = addressChecker(sodium, vault);
  const out = new Map<string, ExposedNow>();
  for (const exposure of team.exposures)
    for (const entry of exposure.entries) {
      const now = live.get(entry.id);
      if (!now || markOf(sodium, team, vault.readSecret(entry.id)) !== entry.mark) continue;
      const seen = out.get(entry.id);
      if (seen) seen.leavers.push(exposure.member.name);
      else {
        const check = address(entry.id);
        const setBy = check.setBy?.name ?? (check.setBy?.standing === 'unknown' ? 'nobody known' : null);
        const held = check.refusal ? { setBy: check.setBy?.name ?? null, removedAt: check.setBy?.removedAt ?? null, removedBy: check.setBy?.removedBy ?? null } : null;
        out.set(entry.id, { ...entry, name: now.name, kind: now.kind, leavers: [exposure.member.name], instance: check.instance, addressSetBy: setBy, addressChanged: check.changedSinceAdded, refusal: check.refusal, held });
      }
    }
  return [...out.values()];
}

/** Every kind but "other" is a GitLab credential that `gitlab rotate`'s code rotates (in place, by a reset, or by a swap). */
export const rotatable = (kind: string): boolean => kind !== 'other';

export interface RotationOutcome {
  name: string;
  rotated: boolean;
  /** What happened, in one sentence (GitLab's answer, or why it was not tried). */
  message: string;
}

/** Rotates each exposed token one after another; a failure is recorded and the rest go on. */
export async function rotateAll(items: ExposedNow[], instanceOf: (id: string) => string | null, rotate: (id: string) => Promise<string>, progress?: (done: number, total: number, last: RotationOutcome) => void): Promise<RotationOutcome[]> {
  const out: RotationOutcome[] = [];
  for (const item of items) {
    let outcome: RotationOutcome;
    if (item.refusal) outcome = { name: item.name, rotated: false, message: item.refusal };
    else if (!rotatable(item.kind)) outcome = { name: item.name, rotated: false, message: 'Token Vault does not know which kind of GitLab credential it is (kind "other"): make a new one where it was made, store it, and revoke this one.' };
    else if (!instanceOf(item.id)) outcome = { name: item.name, rotated: false, message: 'No GitLab address is stored for it; set one with "tokenvault edit --instance URL", then rotate it.' };
    else
      try {
        outcome = { name: item.name, rotated: true, message: await rotate(item.id) };
      } catch (error) {
        outcome = { name: item.name, rotated: false, message: (error as Error).message };
      }
    out.push(outcome);
    progress?.(out.length, items.length, outcome);
  }
  return out;
}

export type { Exposure };
