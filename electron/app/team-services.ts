// The app's team screens over electron/team: your identity, make or join a team vault (a vault
// file of its own beside the open one, with the same master password, as the CLI makes it),
// invite, promote, remove, and rotating what a removed member could read. Each handler is a thin
// call into the core; what crosses back is names, roles, fingerprints and sentences.
import fs from 'node:fs';
import path from 'node:path';
import type { TeamStatus, TeamSyncNotice, VaultStatus } from '../api';
import { noticeOf } from './team-notice';
import type { ApiServices } from '../ipc';
import { needLocal } from '../sync/engine';
import { defaultDeviceName } from '../sync/setup';
import { fingerprint, inviteCode, readInviteCode } from '../team/identity';
import { ensureIdentity, needIdentity, readIdentity } from '../team/identity-store';
import { type ExposedNow, rotatable, rotateAll, stillExposed } from '../team/offboarding';
import { createTeam, inviteMember, joinTeam, listMembers, promoteMember, removeMember } from '../team/team-setup';
import { readTeam } from '../team/team-state';
import { teamSync, type TeamSyncReport } from '../team/team-sync';
import { loadSodium } from '../vault/sodium';
import { Vault, type CreateOptions } from '../vault/vault';
import { freeVaultColour, VAULT_NAME_MAX } from '../vault/vault-colours';
import { ServiceError } from './errors';
import type { GitLabPort } from './gitlab-port';
import type { ClipboardPort, EmitPort } from './ports';
import type { VaultSession } from './session';
import { checkedPlace } from './sync-services';

type TeamMethods =
  | 'teamIdentity'
  | 'teamMakeIdentity'
  | 'teamCopyInvite'
  | 'teamStatus'
  | 'teamCreate'
  | 'teamJoin'
  | 'teamReadInvite'
  | 'teamInvite'
  | 'teamPromote'
  | 'teamRemove'
  | 'teamRotateExposed'
  | 'teamSyncNow';

export interface TeamServiceDeps {
  session: VaultSession;
  emit: EmitPort;
  clipboard: ClipboardPort;
  gitlab: GitLabPort | null;
  kdf?: CreateOptions['kdf'];
  /** Shows `file` in the window, unlocked with `password` (as Vault ▾ → a vault, then Unlock). */
  openUnlocked(file: string, password: string): Promise<VaultStatus>;
  /** The colours of the vaults this computer knows: a new team copy takes one none of them has, so the switcher tells them apart. */
  coloursInUse?(): string[];
}

export { noticeOf } from './team-notice';

/** `dir/stem.tokenvault`, or `stem-2.tokenvault`…: the first name free (with its -wal and stage). */
function freshFile(dir: string, stem: string): string {
  const clean = stem.replace(/[^\p{L}\p{N} ._-]/gu, '').trim().replace(/\s+/g, '-').slice(0, 60) || 'team';
  for (let n = 1; ; n++) {
    const file = path.join(dir, `${clean}${n === 1 ? '' : `-${n}`}.tokenvault`);
    if (![file, `${file}-wal`, `${file}.team-stage`].some((f) => fs.existsSync(f))) return file;
  }
}

/** A team copy that could not be made leaves nothing behind. */
function removeCopy(file: string): void {
  for (const side of ['', '-wal', '-shm']) fs.rmSync(`${file}${side}`, { force: true });
  fs.rmSync(`${file}.team-stage`, { recursive: true, force: true });
}

/** Why a held token was not rotated, in the app's words (the CLI's sentence names its own command). */
export function notRotatedWhy(e: Pick<ExposedNow, 'instance' | 'held'>): string {
  const where = e.instance ? `its GitLab address ${e.instance}` : 'its GitLab address';
  const who = e.held?.setBy
    ? `was last set by ${e.held.setBy}, removed from the team${e.held.removedAt ? ` on ${e.held.removedAt.slice(0, 10)}` : ''}`
    : 'was set by someone no signed change in the team’s place names';
  return `Not sent to GitLab: ${where} ${who}, so that server could be theirs and would see the new secret. Check the address in the token’s Edit… dialog (GitLab address), then rotate it.`;
}

export function createTeamServices(deps: TeamServiceDeps): Pick<ApiServices, TeamMethods> {
  const { session, emit } = deps;
  const identityView = async (vault: Vault) => {
    const sodium = await loadSodium();
    const id = readIdentity(vault);
    return id ? { name: id.name, fingerprint: fingerprint(sodium, id), invite: inviteCode(sodium, id), createdAt: id.createdAt } : null;
  };
  const teamVault = (): Vault => {
    const vault = session.unlocked();
    if (!readTeam(vault)) throw new ServiceError('NOT_A_TEAM', 'The open vault is not a team vault; switch to one, or make one under Team.');
    return vault;
  };
  /** After a team change: the list follows what the sync merged. */
  const synced = (report: TeamSyncReport): TeamSyncNotice => {
    const notice = noticeOf(report);
    if (notice.changed) emit('entriesChanged', { by: 'sync' });
    return notice;
  };
  /** Makes a new vault file beside the open one with its password, runs `fill` on it, then shows it. */
  const newCopy = async (stem: string, password: string, fill: (copy: Vault) => Promise<unknown>): Promise<VaultStatus> => {
    const here = session.unlocked();
    if (!here.isMasterPassword(password)) throw new ServiceError('WRONG_PASSWORD', 'That is not this vault’s master password; the team vault is made with the same one.');
    const file = freshFile(path.dirname(session.path), stem);
    const copy = await Vault.create(file, password, deps.kdf ? { kdf: deps.kdf } : {});
    try {
      await fill(copy);
      // Named after its team and coloured apart from the vaults already here: the header's switcher shows both side by side.
      const team = readTeam(copy);
      if (team) copy.updateSettings({ vaultName: team.teamName.trim().slice(0, VAULT_NAME_MAX), vaultColour: freeVaultColour([here.getSettings().vaultColour, ...(deps.coloursInUse?.() ?? [])]) });
    } catch (error) {
      copy.close();
      removeCopy(file);
      throw error;
    }
    copy.close();
    return deps.openUnlocked(file, password);
  };

  return {
    teamIdentity: () => identityView(session.unlocked()),
    teamMakeIdentity: async ({ name }) => {
      const vault = session.unlocked();
      await ensureIdentity(vault, name);
      return (await identityView(vault))!;
    },
    teamCopyInvite: async () => {
      const view = await identityView(session.unlocked());
      if (!view) throw new ServiceError('NO_IDENTITY', 'Make your identity first.');
      await deps.clipboard.writeSecret(view.invite);
      return {};
    },
    teamStatus: async (): Promise<TeamStatus | null> => {
      const vault = session.unlocked();
      const team = readTeam(vault);
      if (!team) return null;
      const sodium = await loadSodium();
      const { members, removed } = await listMembers(vault);
      const mine = members.find((m) => m.you);
      return {
        teamId: team.teamId,
        teamName: team.teamName,
        role: team.removedMe ? null : (mine?.role ?? null),
        place: needLocal(vault).place,
        members,
        removed,
        exposed: stillExposed(sodium, team, vault).map((e) => ({
          id: e.id,
          name: e.name,
          kind: e.kind,
          rotatable: rotatable(e.kind) && !e.refusal,
          leavers: e.leavers,
          addressChanged: e.addressChanged,
          addressSetBy: e.addressSetBy?.slice(0, 80) ?? null,
          held: e.held ? { setBy: e.held.setBy?.slice(0, 80) ?? null, removedAt: e.held.removedAt?.slice(0, 40) ?? null, instance: e.instance?.slice(0, 2000) ?? null } : null,
        })),
        removedMe: team.removedMe,
      };
    },
    teamCreate: async ({ name, place, password, deviceName }) => {
      const config = checkedPlace(place);
      const { identity } = await ensureIdentity(session.unlocked());
      return newCopy(name, password, (copy) => createTeam(copy, identity, name, config, deviceName?.trim() || defaultDeviceName()));
    },
    teamJoin: async ({ place, password, deviceName }) => {
      const config = checkedPlace(place);
      const identity = needIdentity(session.unlocked());
      return newCopy('team', password, (copy) => joinTeam(copy, identity, config, deviceName?.trim() || defaultDeviceName()));
    },
    teamReadInvite: async ({ code }) => {
      const sodium = await loadSodium();
      const who = readInviteCode(sodium, code);
      return { name: who.name, fingerprint: fingerprint(sodium, who) };
    },
    teamInvite: async ({ code, role, newKey }) => {
      const vault = teamVault();
      return synced((await inviteMember(vault, needIdentity(vault), code, { role, newKey })).report);
    },
    teamPromote: async ({ fingerprint: print, role }) => {
      const vault = teamVault();
      return synced(await promoteMember(vault, needIdentity(vault), print, role));
    },
    teamRemove: async ({ fingerprint: print }) => {
      const vault = teamVault();
      return synced((await removeMember(vault, needIdentity(vault), print)).report);
    },
    teamRotateExposed: async () => {
      const vault = teamVault();
      const gitlab = deps.gitlab;
      if (!gitlab) throw new ServiceError('NO_GITLAB', 'This window cannot reach GitLab, so nothing can be rotated here; use "tokenvault team rotate-exposed".');
      const team = readTeam(vault)!;
      // The core's refusal names the CLI's `edit --instance`; the app says its own action.
      const exposed = stillExposed(await loadSodium(), team, vault).map((e) => (e.refusal ? { ...e, refusal: notRotatedWhy(e) } : e));
      const outcomes = await rotateAll(
        exposed,
        (id) => vault.get(id).instance,
        async (id) => (await gitlab.rotate(vault, id, undefined)).message,
        (done, total, last) => emit('teamRotation', { done, total, last }),
      );
      if (outcomes.some((o) => o.rotated)) emit('entriesChanged', { by: 'sync' });
      // The new secrets go to the team now: until they do, the others hold only the old ones.
      const sync = outcomes.some((o) => o.rotated) ? synced(await teamSync(vault)) : null;
      return { outcomes: outcomes.map((o) => ({ name: o.name.slice(0, 200), rotated: o.rotated, message: o.message.slice(0, 2000) })), sync };
    },
    teamSyncNow: async () => synced(await teamSync(teamVault())),
  };
}
