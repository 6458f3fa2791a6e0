// The main-side services behind the contract: one object with a function per method of
// electron/api.ts, built from a vault path and the ports that differ between the desktop
// app, the browser preview and the tests. No Electron import: main.ts passes Electron's
// clipboard/shell/webContents in as ports; the preview and E2E pass fakes.
import type { UpdateServices } from './updates/service';
import { moveToInstance } from './app/move-instance';
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import type { Entry } from './api';
import { ClipboardGuard, REVEAL_SECONDS } from './app/copy';
import { WizardDrafts } from './app/drafts';
import { EditDrafts } from './app/edit-drafts';
import { ServiceError } from './app/errors';
import type { GitLabPort } from './app/gitlab-port';
import { createFileServices, NO_FILE_DIALOGS } from './app/file-services';
import { createTrashServices } from './app/trash-services';
import { createTeamServices } from './app/team-services';
import { createTeamMoveServices } from './app/team-move-services';
import { createTeamLogServices } from './app/team-log-services';
import { RecentVaults } from './app/recent-vaults';
import { readTeam } from './team/team-state';
import { createVaultPlaceServices } from './app/vault-place-services';
import { createRestoreServices, isOtherVault, useMachineBackupFolder } from './app/restore-services';
import { MachineSettings } from './vault/machine-settings';
import { IMPORT_FORMATS, ImportFlow, type ImportFormat } from './app/import-flow';
import type { ClipboardPort, EmitPort, FileDialogPort, OpenExternalPort } from './app/ports';
import { VaultSession, type SessionOptions } from './app/session';
import { createQuickUnlockServices, NO_PROTECTOR } from './app/quick-unlock-services';
import type { KeyProtector } from './quick-unlock/protector';
import { createSyncServices, syncRekeyer } from './app/sync-services';
import { SyncRunner, type SyncTiming } from './app/sync-runner';
import type { ApiServices } from './ipc';
import { overdueExpiries, upcomingExpiries } from './reminders/upcoming';
import { entryStatus } from './reminders/status';
import { backupDir, createBackup, deleteBackupsMadeBefore, tightenBackups, listBackups, moveBackups, useLocalBackupDir, verifyBackup, type BackupInfo } from './vault/backups';
import { VaultError } from './vault/errors';
import { markPlaces } from './vault/follow-up';
import { entriesHolding } from './vault/find-secret';
import { tokenShape } from './vault/token-shape';
import { prepareBackupFolder } from './vault/folders';
import { isLoopbackHost, normaliseInstance, startFollowUp, type EntryOverview } from './vault/types';
import type { Vault } from './vault/vault';
import { timeStep, timeStepAsync } from './vault/step-timing';
import { DailyBackupAfterUnlock } from './app/daily-backup';
import { prewarmKdfWorker } from './vault/kdf-worker';

/** The daily backup starts when the window has its first list, or this long after the unlock without one. */
const DAILY_BACKUP_WAIT_MS = 2000;

export interface ServiceDeps {
  /** The opt-in update check (electron/updates/service.ts); absent outside the desktop app. */
  updates?: UpdateServices;
  vaultPath: string;
  clipboard: ClipboardPort;
  openExternal: OpenExternalPort;
  emit: EmitPort;
  /** null where GitLab is not wired (the wizard then stores tokens unverified). */
  gitlab: GitLabPort | null;
  /** Native open/save/folder dialogs; where absent (headless, unit tests) picking a file is refused. */
  dialogs?: FileDialogPort;
  /** The vaults opened before, remembered between runs (main.ts: a JSON file in the user-data folder). */
  recentVaults?: RecentVaults;
  /** Settings of this computer, not the vault (its backups folder), beside recent-vaults.json; in memory when absent. */
  machineSettings?: MachineSettings;
  /** What the app can import, tried in order (CSV and JSON unless told otherwise). */
  importFormats?: readonly ImportFormat[];
  kdf?: SessionOptions['kdf'];
  now?: () => Date;
  /** How often sync and the change watch run (tests make them quick, or manual with pollMs 0). */
  syncTiming?: SyncTiming;
  /** The OS keychain and Touch ID/confirm for quick unlock (desktop/quick-unlock-protector.ts); refused where absent. */
  quickUnlock?: KeyProtector;
}

export interface MainServices {
  api: ApiServices;
  session: VaultSession;
  /** Sync on change and on a timer, and the change watch that refreshes the window's list. */
  syncRunner: SyncRunner;
  /** For main.ts: lock on idle/suspend/screen lock; clears a pending clipboard copy too. */
  lock(reason: Parameters<VaultSession['lock']>[0]): Promise<void>;
  /** Before quit: clear the clipboard if it still holds our copy, close the vault. */
  shutdown(): Promise<void>;
  /** Work an unlock left to run after its answer (the daily backup), started now and awaited. */
  backgroundSettled(): Promise<void>;
}

/** https anywhere; plain http only to this machine (local GitLab emulators). */
export function isOpenableUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && isLoopbackHost(url.hostname);
}

/**
 * Whether a token without a date has none (the person says "Never expires") or is not known yet:
 * a GitLab fact the person may also state (types.ts). A date set means it has one.
 */
function expiryFacts(expiresAt: string | null | undefined, neverExpires: boolean | null | undefined): { gitlab: { neverExpires: boolean | null } } | null {
  if (typeof expiresAt === 'string') return { gitlab: { neverExpires: false } };
  if (neverExpires === undefined) return null;
  return { gitlab: { neverExpires: expiresAt === null || expiresAt === undefined ? neverExpires : false } };
}

/** The app's own copy and reveal, in the release log (and so in a team copy's audit log). No other program asked: no peer. */
function logAppRelease(vault: Vault, id: string, purpose: 'copy' | 'show', command: string): void {
  vault.logRelease({ at: new Date().toISOString(), entryId: id, entryName: vault.get(id).name, purpose, command, peerPid: null, peerExe: null, via: 'app' });
}

const backupView = (b: BackupInfo, vault?: Vault) => ({
  file: b.file,
  name: basename(b.file),
  createdAt: b.createdAt,
  reason: b.reason,
  sizeBytes: b.bytes,
  ...(vault ? { otherVault: isOtherVault(b.file, vault) } : {}),
});

export function createServices(deps: ServiceDeps): MainServices {
  const now = deps.now ?? (() => new Date());
  const imports = new ImportFlow(deps.importFormats ?? IMPORT_FORMATS);
  // Whatever locks the vault (the user, idle, suspend, a restore) also drops a half-done import: it holds secrets.
  const emit: EmitPort = (event, payload) => {
    if (event === 'locked') {
      imports.cancel();
      existing.discard();
      // The unlock screen is next: its Argon2 worker starts now, not after the password.
      prewarmKdfWorker();
    }
    deps.emit(event, payload);
  };
  // Every lock (the user, idle, suspend, screen lock, quit): the wizard's pasted token is sealed
  // under the key before it goes, and a pending clipboard copy is cleared.
  const beforeLock = (vault: Vault) => {
    drafts.lock(vault);
    editDraft.lock(vault);
    void clipboard.clearNow();
  };
  const machine = deps.machineSettings ?? new MachineSettings(null);
  const session = new VaultSession({
    vaultPath: deps.vaultPath,
    kdf: deps.kdf,
    emit,
    beforeLock,
    prepare: (vault) => useMachineBackupFolder(vault, machine),
    lockedLabel: (path) => recent.labelOf(path),
  });
  const clipboard = new ClipboardGuard(deps.clipboard, emit);
  const drafts = new WizardDrafts(now);
  /** An Edit left open at a lock: sealed with the wizard's draft, offered again after unlock. */
  const editDraft = new EditDrafts();
  /** "Add an existing token" keeps its own draft, so a wizard run in progress is never lost. */
  const existing = new WizardDrafts(now);

  const view = (entry: EntryOverview): Entry => ({ ...entry, status: entryStatus(entry, now()) });
  const needUpdates = (): UpdateServices => {
    if (!deps.updates) throw new ServiceError('UPDATES_UNAVAILABLE', 'Update checks run in the desktop app.');
    return deps.updates;
  };
  const needGitLab = (): GitLabPort => {
    if (!deps.gitlab) throw new ServiceError('GITLAB_UNAVAILABLE', 'GitLab is not connected in this window.');
    return deps.gitlab;
  };
  /** The unlocked vault, with the draft's token opened again if a lock sealed it. */
  const unsealedDraft = (): Vault => {
    const vault = session.unlocked();
    drafts.unseal(vault);
    return vault;
  };
  // An automatic backup that fails is said once per run, not at every unlock or delete.
  const warned = new Set<string>();
  const warnOnce = (warning: string | null) => {
    if (!warning || warned.has(warning)) return;
    warned.add(warning);
    deps.emit('notice', { text: warning });
  };
  /** When this session last changed the password: backups before it open with the old one. Kept main-side, never taken from the page. */
  let passwordChangedAt: string | null = null;
  const lock = async (reason: Parameters<VaultSession['lock']>[0]) => {
    await clipboard.clearNow();
    session.lock(reason);
  };

  const daily = new DailyBackupAfterUnlock({ current: () => session.peek(), warn: warnOnce, waitMs: DAILY_BACKUP_WAIT_MS });
  const quick = createQuickUnlockServices({ session, machine, protector: deps.quickUnlock ?? NO_PROTECTOR, now });
  const recent = deps.recentVaults ?? new RecentVaults(null);
  /** The open vault goes first in this computer's list, with the name and colour it has now. */
  const rememberOpen = () => {
    const { name, colour } = session.status();
    const vault = session.peek();
    const team = vault ? readTeam(vault) : null;
    recent.remember(session.path, { name, colour }, team ? { name: team.teamName, removed: team.removedMe !== null } : null);
  };
  const restores = createRestoreServices({
    session,
    machine,
    now,
    beforeRestore: async () => {
      await clipboard.clearNow();
      // A half-done import was previewed against the vault being replaced.
      imports.cancel();
    },
  });
  const { forget: forgetRestore, ...restoreApi } = restores;
  const syncRunner = new SyncRunner(session, deps.emit, deps.syncTiming);
  syncRunner.start();
  /** A restore replaces the file under the open vault: sync and the change watch stand still until it is reopened. */
  const whileRestoring =
    <A, R>(work: (args: A) => Promise<R> | R) =>
    async (args: A): Promise<R> => {
      const release = await syncRunner.hold();
      try {
        return await work(args);
      } finally {
        release();
      }
    };
  // What belongs to the vault being left goes with it: the copied token, drafts, an import.
  const beforeSwitch = async () => {
    forgetRestore();
    await clipboard.clearNow();
    imports.cancel();
    existing.discard();
    drafts.discard();
    editDraft.discard();
  };
  /**
   * The team calls that sync (Sync with the team, invite, promote, remove, rotate) wait for the
   * runner's own team sync and hold it meanwhile: one team sync at a time. The top bar then says
   * where sync stands after them.
   */
  const teamSyncedByOne = <T extends Partial<ApiServices>>(team: T): T => {
    const held = { ...team };
    for (const name of ['teamSyncNow', 'teamInvite', 'teamPromote', 'teamRemove', 'teamRotateExposed'] as const) {
      const work = team[name] as ((args: never) => Promise<unknown>) | undefined;
      if (!work) continue;
      (held as Record<string, unknown>)[name] = async (args: never) => {
        try {
          return await whileRestoring(work)(args);
        } finally {
          const vault = session.peek();
          const state = vault ? (() => { try { return syncRunner.stateOf(vault); } catch { return null; } })() : null;
          if (state) deps.emit('syncState', state);
        }
      };
    }
    return held;
  };
  const placeServices = createVaultPlaceServices({ session, dialogs: deps.dialogs ?? NO_FILE_DIALOGS, recent, beforeSwitch });

  const api: ApiServices = {
    ...placeServices,
    ...quick.api,
    vaultRestoreBackup: whileRestoring(placeServices.vaultRestoreBackup),
    ...createFileServices({ session, dialogs: deps.dialogs ?? NO_FILE_DIALOGS, imports, now, warn: warnOnce }),
    ...createSyncServices({ session, runner: syncRunner, emit: deps.emit, dialogs: deps.dialogs ?? NO_FILE_DIALOGS, recent }),
    ...createTrashServices({ session, view, warn: warnOnce }),
    ...createTeamMoveServices({ session, recent, emit: deps.emit }),
    ...createTeamLogServices({ session, dialogs: deps.dialogs ?? NO_FILE_DIALOGS }),
    ...teamSyncedByOne(createTeamServices({
      session,
      emit: deps.emit,
      clipboard: deps.clipboard,
      gitlab: deps.gitlab,
      kdf: deps.kdf,
      // A team vault just made or joined: shown at once, unlocked, as if switched to and unlocked.
      // Closed without a 'locked' event: the window waits for this call's answer, and an event
      // racing it would show the vault being left as locked.
      coloursInUse: () => recent.list().flatMap((v) => (v.colour && existsSync(v.path) ? [v.colour] : [])),
      openUnlocked: async (file, password) => {
        await beforeSwitch();
        session.close();
        session.switchTo(file);
        recent.remember(file);
        try {
          return await api.vaultUnlock({ password });
        } catch (error) {
          deps.emit('vaultChanged', session.status());
          throw error;
        }
      },
    })),
    vaultStatus: () => {
      const status = session.status();
      // The window shows the unlock screen: the next unlock's Argon2 worker loads while the password is typed.
      if (status.exists && !status.unlocked) prewarmKdfWorker();
      return status;
    },
    vaultCreate: async ({ password }) => {
      if (session.status().exists) throw new ServiceError('VAULT_EXISTS', 'A vault already exists here; unlock it instead.');
      const status = await session.create(password);
      rememberOpen();
      await quick.afterPasswordUnlock();
      return status;
    },
    vaultUnlock: async ({ password }) => {
      const status = await timeStepAsync('session.unlock (open the file, Argon2, keys)', () => session.unlock(password));
      const vault = session.unlocked();
      timeStep('remember the vault, make its files private', () => {
        rememberOpen();
        const madePrivate = [...vault.takeTightened(), ...tightenBackups(vault)];
        if (madePrivate.length > 0) deps.emit('filesMadePrivate', { paths: madePrivate });
      });
      await timeStepAsync('quick unlock armed or forgotten', () => quick.afterPasswordUnlock());
      // The window asks for the list next: open every overview now, so that call only hands them over.
      timeStep('open every overview', () => vault.list());
      // The same automatic backups as the CLI, at most one a day, made once the window has its
      // rows (daily-backup.ts). A folder that cannot take it (an unplugged disk) is said once,
      // and "Back up now" on the Backups screen says what is wrong with it.
      daily.schedule(vault);
      return status;
    },
    vaultChangePassword: async ({ current, next }) => {
      if (current === next) throw new ServiceError('SAME_PASSWORD', 'The new master password is the one in use; choose another.');
      const sync = syncRekeyer(session.unlocked(), next, (text) => deps.emit('notice', { text }));
      const change = await session.changePassword(current, next, sync.take);
      passwordChangedAt = change.changedAt;
      quick.afterPasswordChange();
      await sync.send();
      const cutoff = Date.parse(change.changedAt);
      return { olderBackups: listBackups(session.unlocked()).filter((b) => Date.parse(b.createdAt) < cutoff).length };
    },
    vaultLock: async () => {
      await lock('manual');
      return session.status();
    },
    vaultStayUnlocked: () => {
      session.unlocked();
      return session.status();
    },
    editDraftSave: ({ draft }) => {
      session.unlocked();
      if (draft) editDraft.save(draft);
      else editDraft.discard();
      return {};
    },
    editDraftGet: () => editDraft.get(session.unlocked()),

    tokensList: () => {
      const entries = timeStep('list call: each overview with its status', () => session.unlocked().list().map(view));
      daily.listed();
      return entries;
    },
    tokensFirstScreen: ({ limit }) => {
      const all = session.unlocked().list();
      const entries = timeStep('first screen call: its overviews with their status', () => all.slice(0, limit).map(view));
      // The whole list fits: it is the window's list, so the day's backup may start after it.
      if (entries.length === all.length) daily.listed();
      return { entries, total: all.length };
    },
    tokensGet: ({ id }) => view(session.unlocked().get(id)),
    tokensAdd: ({ entry: { neverExpires, ...entry }, secret }) => {
      const trimmed = secret.trim();
      if (!trimmed) throw new ServiceError('SECRET_EMPTY', 'The token itself is missing; paste it in.');
      const vault = session.unlocked();
      const added = vault.add(entry, trimmed, 'created');
      // Stated by the person at once: a dateless token is "unknown" until someone says otherwise.
      if (neverExpires !== true || entry.expiresAt) return view(added);
      return view(vault.update(added.id, { gitlab: { neverExpires: true } }, { at: now().toISOString(), action: 'edited', note: 'Has no expiry date.' }));
    },
    tokensUpdate: ({ id, patch: { neverExpires, ...fields } }) => {
      const vault = session.unlocked();
      const patch = { ...fields, ...expiryFacts(fields.expiresAt, neverExpires) };
      // "Verified" means GitLab at this address has seen this secret: a new address has not, and
      // the agent asks before a program's GitLab call sends a token somewhere for the first time.
      const moved = patch.instance !== undefined && (patch.instance === null ? null : normaliseInstance(patch.instance)) !== vault.get(id).instance;
      return view(vault.update(id, moved ? { ...patch, lastVerifiedAt: null } : patch, { at: now().toISOString(), action: 'edited' }));
    },
    tokensSetInstance: ({ ids, instance }) => ({ entries: moveToInstance(session.unlocked(), ids, instance, now().toISOString()).map(view) }),
    tokensReplaceSecret: ({ id, secret }) => {
      const trimmed = secret.trim();
      if (!trimmed) throw new ServiceError('SECRET_EMPTY', 'The new token is missing; paste it in.');
      const vault = session.unlocked();
      if (vault.readSecret(id) === trimmed) throw new ServiceError('SECRET_SAME', 'That is the token already stored; paste the new one GitLab showed you.');
      // Unverified until GitLab confirms the new one; a half-done rotation is settled by it. Like
      // a rotation, it leaves every "where used" place holding the old token: each is a task.
      const followUp = startFollowUp(vault.get(id).usedIn, now());
      // The new token has its own GitLab id: the old one's would make the next verify look for the wrong token.
      const patch = { lastVerifiedAt: null, revoked: false, pendingRotation: null, followUp, gitlab: { tokenId: null, revoked: null, active: null } };
      return view(vault.replaceSecret(id, trimmed, patch, { at: now().toISOString(), action: 'edited', note: 'Token replaced with a new one pasted by hand.' }));
    },
    tokensTickPlace: ({ id, place, done }) => view(markPlaces(session.unlocked(), id, [place], done, '', now())),
    tokensCopy: async ({ id }) => {
      const vault = session.unlocked();
      const seconds = vault.getSettings().clipboardClearSeconds;
      const secret = vault.readSecret(id);
      // Logged before it leaves, as the agent's releases are: a team copy's journal takes it from here.
      logAppRelease(vault, id, 'copy', 'Copy in the app');
      await clipboard.copy(id, secret, seconds);
      return { clearAfterSeconds: seconds };
    },
    tokensReveal: ({ id }) => {
      const vault = session.unlocked();
      const secret = vault.readSecret(id);
      logAppRelease(vault, id, 'show', 'Reveal in the app');
      clipboard.watchReveal(secret, vault.getSettings().clipboardClearSeconds);
      return { secret, hideAfterSeconds: REVEAL_SECONDS };
    },

    tokensIdentify: async ({ secret, instance, revoke }) => {
      const vault = session.unlocked();
      const token = secret.trim();
      const shape = tokenShape(token);
      const held = entriesHolding(vault, token).map((id) => vault.get(id));
      const where = normaliseInstance(instance ?? '') ?? held.find((e) => e.instance)?.instance ?? null;
      const kind = shape ? `${shape.label}${shape.prefix ? ` (${shape.prefix})` : ''}` : 'Not a GitLab token prefix';
      let gitlab: { said: string; live: boolean | null; revoked: boolean } | null = null;
      if (where && deps.gitlab) {
        try {
          gitlab = await deps.gitlab.identify(where, token, !!revoke);
        } catch (e) {
          gitlab = { said: e instanceof Error ? e.message : 'GitLab could not be asked.', live: null, revoked: false };
        }
      }
      if (gitlab?.revoked)
        for (const e of held) vault.update(e.id, { revoked: true, gitlab: { active: false, revoked: true } }, { at: new Date().toISOString(), action: 'revoked', note: 'Revoked on GitLab from Identify.' });
      return {
        kind,
        inVault: held.map((e) => ({ id: e.id, name: e.name })),
        gitlab: gitlab?.said.slice(0, 1000) ?? (where ? null : 'Not asked: no stored token holds it, so its GitLab is not known.'),
        live: gitlab?.live ?? null,
        revoked: gitlab?.revoked ?? false,
      };
    },
    gitlabVerify: async ({ id, usingId }) => {
      const { entry, finding, recoveryUrl } = await needGitLab().verifyEntry(session.unlocked(), id, usingId);
      return { entry: view(entry), finding, recoveryUrl };
    },
    gitlabRotate: async ({ id, expiresAt }) => {
      const { entry, message } = await needGitLab().rotate(session.unlocked(), id, expiresAt);
      return { entry: view(entry), message };
    },
    gitlabRevoke: async ({ id }) => {
      const { entry, message } = await needGitLab().revoke(session.unlocked(), id);
      return { entry: view(entry), message };
    },
    gitlabLifetime: ({ id }) => needGitLab().lifetime(session.unlocked(), id),
    gitlabAudit: async ({ usingId }) => ({ rows: await needGitLab().audit(session.unlocked(), usingId) }),
    gitlabAuditOwner: ({ usingId, target }) => needGitLab().auditOwner(session.unlocked(), usingId, target),
    gitlabRevokeListed: async ({ usingId, tokenId }) => {
      const { entry, message } = await needGitLab().revokeListed(session.unlocked(), usingId, tokenId);
      return { entry: entry ? view(entry) : null, message };
    },
    gitlabCreate: async (args) => view(await needGitLab().create(session.unlocked(), args)),
    gitlabCreateCredential: async (args) => view(await needGitLab().createCredential(session.unlocked(), args)),
    gitlabPrefillUrl: (args) => ({ url: needGitLab().prefillUrl(args) }),
    openExternal: async ({ url }) => {
      if (!isOpenableUrl(url)) throw new ServiceError('UNSAFE_URL', 'Token Vault opens only https addresses, and http ones on this computer.');
      await deps.openExternal(url);
      return {};
    },

    draftGet: () => {
      unsealedDraft();
      return drafts.get();
    },
    draftSave: ({ fields }) => {
      unsealedDraft();
      return drafts.save(fields);
    },
    draftPaste: ({ secret }) => drafts.paste(secret, unsealedDraft()),
    draftVerify: () => {
      unsealedDraft();
      return drafts.verify(deps.gitlab);
    },
    draftStore: () => view(drafts.store(unsealedDraft())),
    draftDiscard: () => {
      drafts.discard();
      return {};
    },

    existingPaste: ({ secret, instance }) => {
      session.unlocked();
      const address = instance?.trim() ? normaliseInstance(instance) : null;
      if (instance?.trim() && !address) throw new ServiceError('BAD_INSTANCE', 'That GitLab address is not one Token Vault can use: write it as https://gitlab.example.com.', 'instance-address');
      existing.discard();
      const draft = existing.paste(secret, session.unlocked());
      return address ? existing.save({ instance: address }) : draft;
    },
    existingVerify: () => {
      session.unlocked();
      return existing.verify(deps.gitlab);
    },
    existingStore: ({ name, kind, expiresAt }) => {
      const vault = session.unlocked();
      // The date is the person's only when GitLab could not answer (drafts.ts: storedValues).
      existing.save({ name: name.trim(), kind, ...(expiresAt !== undefined ? { expiresAt } : {}) });
      return view(existing.store(vault));
    },
    existingDiscard: () => {
      existing.discard();
      return {};
    },

    backupsCreate: async () => {
      const vault = session.unlocked();
      const file = await createBackup(vault, 'manual');
      const found = listBackups(vault).find((b) => b.file === file);
      return found ? backupView(found) : { file, name: basename(file), createdAt: now().toISOString(), reason: 'manual', sizeBytes: 0 };
    },
    backupsDeleteOlderThanPassword: () => {
      const vault = session.unlocked();
      if (!passwordChangedAt) throw new ServiceError('NO_PASSWORD_CHANGE', 'The master password was not changed in this session; no backup was deleted.');
      return { deleted: deleteBackupsMadeBefore(vault, passwordChangedAt).length };
    },
    backupsList: async () => {
      // Today's automatic backup, if it is still to come after the unlock, is made first and listed.
      await daily.settled();
      const vault = session.unlocked();
      return listBackups(vault).map((b) => backupView(b, vault));
    },
    backupsFolder: () => {
      const vault = session.unlocked();
      return { path: backupDir(vault), isDefault: (machine.backupDir(vault.path) ?? null) === null };
    },
    backupsVerify: async ({ file, password }) => ({ entries: (await verifyBackup(file, password)).entries }),
    ...restoreApi,
    backupsRestore: whileRestoring(restoreApi.backupsRestore),
    backupsUndoRestore: whileRestoring(restoreApi.backupsUndoRestore),

    updatesGet: () => needUpdates().updatesGet(),
    updatesSet: (args) => needUpdates().updatesSet(args),
    updatesCheck: () => needUpdates().updatesCheck(),
    updatesInstall: () => needUpdates().updatesInstall(),
    // The backups folder is this computer's (machine-settings.ts); the rest is the vault's.
    settingsGet: () => {
      const vault = session.unlocked();
      return { ...vault.getSettings(), backupDir: machine.backupDir(vault.path) ?? null };
    },
    settingsUpdate: ({ patch }) => {
      const vault = session.unlocked();
      const folderBefore = backupDir(vault);
      const { backupDir: wanted, ...rest } = patch;
      let folder: string | null | undefined = wanted;
      if (typeof wanted === 'string') {
        // Checked before anything is saved: a folder that cannot hold backups is refused whole.
        try {
          folder = prepareBackupFolder(wanted);
        } catch (error) {
          if (error instanceof VaultError) throw new ServiceError('BACKUP_FOLDER', error.message);
          throw error;
        }
      }
      const settings = Object.keys(rest).length > 0 ? vault.updateSettings(rest) : vault.getSettings();
      if (folder !== undefined) {
        try {
          machine.setBackupDir(vault.path, folder);
        } catch {
          throw new ServiceError('BACKUP_FOLDER', 'The backups folder could not be saved in this computer’s settings; nothing else changed.');
        }
        useLocalBackupDir(vault, folder);
      }
      // Backups already made stay listed and restorable: they follow the folder.
      if (backupDir(vault) !== folderBefore) moveBackups(vault, folderBefore);
      if (rest.vaultName !== undefined || rest.vaultColour !== undefined) rememberOpen();
      session.touch();
      return { ...settings, backupDir: machine.backupDir(vault.path) ?? null };
    },

    releasesList: ({ limit = 50, entryId }) => {
      const vault = session.unlocked();
      // One token's rows are picked out of the whole log (-1: no limit).
      const rows = entryId === undefined ? vault.releases(limit + 1) : vault.releases(-1).filter((r) => r.entryId === entryId);
      return { rows: rows.slice(0, limit), more: rows.length > limit };
    },

    calendarData: ({ days }) => {
      const entries = session.unlocked().list();
      const at = now();
      const items = [...overdueExpiries(entries, at), ...upcomingExpiries(entries, at, days ?? 365)].map((i) => ({
        id: i.entry.id,
        name: i.entry.name,
        instance: i.entry.instance,
        expiresAt: i.entry.expiresAt as string,
        daysLeft: Math.floor(i.daysLeft),
        revoked: i.entry.revoked,
      }));
      return { items, today: at.toISOString().slice(0, 10) };
    },
  };

  return {
    api,
    session,
    syncRunner,
    lock,
    shutdown: async () => {
      daily.cancel();
      await syncRunner.stop();
      await clipboard.clearNow();
      session.close();
      // Closing aborted a daily backup under way; its half-written copy is removed as it settles.
      await daily.settled();
    },
    backgroundSettled: () => daily.settled(),
  };
}
