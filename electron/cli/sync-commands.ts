// `tokenvault sync setup|join|now|status|devices|forget`: the CLI's face of electron/sync.
// now, status, devices and forget go through the agent when one holds the vault unlocked (the
// app or `tokenvault unlock`): no password, and the vault's one writer does the work. Otherwise
// sync opens the vault here with the master password (as backup does); another Token Vault
// process syncing at the same moment is kept out by sync's own lock.
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_TARGET_MS } from '../vault/kdf';
import type { Vault } from '../vault/vault';
import type { SyncReportView, SyncState } from '../api';
import type { AgentClient } from '../agent/client';
import type { SyncProblemCode, SyncReport } from '../sync/engine';
import type { SyncStatus } from '../sync/status';
import { fromAgent } from './access';
import type { PlaceConfig } from '../sync/local-state';
import { type CliContext, CliError, EXIT, type RegisterCommands } from './context';

export interface WhereOptions {
  folder?: string;
  git?: string;
}

/** --folder DIR or --git URL as a place; `subject` names what syncs in the usage sentence (team-commands.ts shares it). */
export function placeConfig(opts: WhereOptions, subject = 'Say where to sync'): PlaceConfig {
  if (!!opts.folder === !!opts.git) throw new CliError(EXIT.usage, `${subject}: --folder DIR or --git URL (one of them).`);
  if (opts.folder) {
    const folder = path.resolve(opts.folder);
    if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) throw new CliError(EXIT.usage, `${folder} is not a folder; create it (or let your sync tool create it) first.`);
    return { kind: 'folder', where: folder };
  }
  return { kind: 'git', where: opts.git! };
}

/** Sync's errors as the CLI's exit statuses: a wrong password 3, a refused replica 4. */
async function syncing<T>(work: () => Promise<T>): Promise<T> {
  const { isSyncError } = await import('../sync/errors');
  try {
    return await work();
  } catch (error) {
    if (!isSyncError(error)) throw error;
    const status = error.code === 'WRONG_PASSWORD' ? EXIT.wrongPassword : error.code === 'DAMAGED_REPLICA' || error.code === 'FOREIGN_REPLICA' || error.code === 'KEY_NOT_VOUCHED' ? EXIT.damaged : EXIT.failed;
    throw new CliError(status, error.message);
  }
}

async function openWithPassword(ctx: CliContext): Promise<{ vault: Vault; password: string }> {
  const { Vault } = await import('../vault/vault');
  const vault = ctx.track(Vault.open(ctx.vaultPath()));
  const password = await ctx.prompt.secret('Master password');
  await vault.unlock(password);
  await ctx.secureFiles(vault);
  return { vault, password };
}

/** The agent when it holds this vault unlocked and may stand in for the password (cli.md), else null. */
async function unlockedAgent(ctx: CliContext): Promise<AgentClient | null> {
  const agent = ctx.mayUseAgent() ? await ctx.agent() : null;
  if (!agent) return null;
  const hello = await agent.call('agentHello', {});
  return hello.ok && hello.value.unlocked ? agent : null;
}

/** The agent's report in the engine's shape, so both print alike. */
const PROBLEMS: SyncProblemCode[] = ['REPLICA_REFUSED', 'KEY_NOT_VOUCHED', 'NEEDS_PASSWORD', 'REPLICA_MISSING', 'SEGMENT_MISSING'];
/** Something of the place not there to read (a replica, a device's newest change): its sentence says what to check; exit 1. */
const NOT_THERE: SyncProblemCode[] = ['REPLICA_MISSING', 'SEGMENT_MISSING'];
const notThere = (report: SyncReport): string | null => (report.problem && NOT_THERE.includes(report.problem.code) ? report.problem.message : null);

const fromView = (view: SyncReportView): SyncReport => {
  const last = view.state.lastSync;
  const code = PROBLEMS.find((c) => c === last?.code);
  const problem = last && !last.ok && code ? { code, message: last.message } : null;
  return { ...view, refused: view.refused.map((why) => ({ device: '', why })), problem };
};

/** `sync status --json` says the same whether the agent or this process read it. */
const statusFromState = (state: SyncState): SyncStatus => ({
  syncing: state.state !== 'off',
  place: state.place,
  device: state.device,
  lastSync: state.lastSync,
  pending: state.pending,
  needsPassword: state.needsPassword,
  paused: state.paused,
  refused: state.refused,
});

function exitForReport(report: SyncReport): void {
  if (report.refused.length) throw new CliError(EXIT.damaged, `${report.refused.length} replica${report.refused.length === 1 ? ' was' : 's were'} refused; the rest merged.`);
  if (report.offline) throw new CliError(EXIT.failed, 'The sync place could not be reached; nothing was merged.');
  if (report.problem?.code === 'REPLICA_MISSING') throw new CliError(EXIT.failed, 'Not every replica was there to read; the rest merged.');
  if (report.problem?.code === 'SEGMENT_MISSING') throw new CliError(EXIT.failed, 'Not every change a device announced was there to read; what was there merged.');
}

function printReport(ctx: CliContext, report: SyncReport, where: string): void {
  const counts = `${report.added.length} added, ${report.changed.length} changed, ${report.removed.length} removed; ${report.sent} change${report.sent === 1 ? '' : 's'} sent`;
  // "Synced" only when every replica there was read; otherwise the headline names what was not, by its code.
  const problem = report.problem ?? (report.refused.length ? { code: 'REPLICA_REFUSED' } : report.needsPassword ? { code: 'NEEDS_PASSWORD' } : null);
  if (report.offline) ctx.out(`Not synced: ${report.offline}`);
  else if (problem) ctx.out(`Not fully synced with ${where} (${problem.code}; see below): ${counts}.`);
  else ctx.out(`Synced with ${where}: ${counts}.`);
  for (const name of report.added) ctx.out(`  + ${name}`);
  for (const name of report.changed) ctx.out(`  ~ ${name}`);
  for (const name of report.removed) ctx.out(`  - ${name}`);
  for (const note of report.conflicts) ctx.out(`  ! ${note}`);
  for (const { why } of report.refused) ctx.warn(why);
  if (notThere(report)) ctx.warn(notThere(report)!);
  if (report.keyRace && !report.needsPassword) ctx.warn(report.keyRace);
  else if (report.keyRace) ctx.warn(`${report.keyRace} Give it with "tokenvault sync now --new-password".`);
  else if (report.needsPassword) ctx.warn('Another device changed the master password; its changes wait until you give the new one: "tokenvault sync now --new-password".');
}

export const registerSyncCommands: RegisterCommands = (program, ctx) => {
  const sync = program.command('sync').description('sync this vault with your other devices through a folder or a git remote');

  sync
    .command('setup')
    .description('start syncing this vault through a synced folder or a git remote')
    .option('--folder <dir>', 'a folder a sync tool carries (Syncthing, Dropbox, Nextcloud, a USB stick)')
    .option('--git <url>', 'a git remote (a private repository)')
    .option('--name <device>', 'this device\'s name, shown to the others')
    .action(async (opts: WhereOptions & { name?: string }) =>
      syncing(async () => {
        const config = placeConfig(opts);
        const { vault, password } = await openWithPassword(ctx);
        const [{ setupSync, defaultDeviceName }, { syncNow }, { placeFor }] = await Promise.all([import('../sync/setup'), import('../sync/engine'), import('../sync/places')]);
        const place = placeFor(config, vault.path);
        await setupSync(vault, password, place, config, opts.name ?? defaultDeviceName(), true);
        const report = await syncNow(vault, place);
        printReport(ctx, report, place.description);
        ctx.out(`This vault now syncs through ${place.description}. On another device: tokenvault sync join ${config.kind === 'git' ? '--git' : '--folder'} ${config.where}`);
      }),
    );

  sync
    .command('join')
    .description('make the vault at --vault from the replicas there (master password asked)')
    .option('--folder <dir>', 'the synced folder')
    .option('--git <url>', 'the git remote')
    .option('--vault-id <id>', 'which vault, when the place holds several')
    .option('--name <device>', 'this device\'s name, shown to the others')
    .option('--decryption-time <ms>', 'calibrate this device\'s key derivation to about this long', (v) => Number(v), DEFAULT_TARGET_MS)
    .action(async (opts: WhereOptions & { vaultId?: string; name?: string; decryptionTime: number }) =>
      syncing(async () => {
        const config = placeConfig(opts);
        const target = path.resolve(ctx.vaultPath());
        if (fs.existsSync(target)) throw new CliError(EXIT.failed, `There is already a vault at ${target}; join into a new file with --vault PATH.`);
        const [{ checkJoinPassword, defaultDeviceName, findSyncId, joinSync }, { syncNow }, { placeFor }, { Vault }] = await Promise.all([
          import('../sync/setup'),
          import('../sync/engine'),
          import('../sync/places'),
          import('../vault/vault'),
        ]);
        const place = placeFor(config, target);
        const syncId = await findSyncId(place, opts.vaultId);
        const password = await ctx.prompt.secret('Master password of the synced vault');
        await checkJoinPassword(place, syncId, password);
        const vault = ctx.track(await Vault.create(target, password, { targetMs: opts.decryptionTime }));
        await joinSync(vault, password, place, config, syncId, opts.name ?? defaultDeviceName());
        const report = await syncNow(vault, place, { joining: true });
        ctx.out(`Joined: ${target} holds ${vault.list().length} token${vault.list().length === 1 ? '' : 's'} from ${place.description}.`);
        for (const { why } of report.refused) ctx.warn(why);
        if (notThere(report)) ctx.warn(notThere(report)!);
      }),
    );

  sync
    .command('now')
    .description('merge the other devices\' replicas in and write ours')
    .option('--new-password', 'another device changed the master password: ask for the new one (after this vault\'s own)')
    .action(async (opts: { newPassword?: boolean }) =>
      syncing(async () => {
        // Taking a new password adopts the sync key it unwraps and re-writes this replica under it:
        // the agent refuses that to a program on its socket (agent/socket-policy.ts), so it takes
        // this vault's master password and opens the vault here.
        const agent = opts.newPassword ? null : await unlockedAgent(ctx);
        if (agent) {
          const view = fromAgent(await agent.call('syncNow', {}));
          const report = fromView(view);
          printReport(ctx, report, view.state.place ? `${view.state.place.kind === 'git' ? 'the git remote' : 'the folder'} ${view.state.place.where}` : 'the sync place');
          return exitForReport(report);
        }
        const vault = opts.newPassword ? await ctx.openUnlocked() : (await openWithPassword(ctx)).vault;
        // A team copy syncs only through the team layer, which checks signatures and signs what it sends.
        if (vault.readPrivate('team_state')) throw new CliError(EXIT.usage, 'This vault is a team copy; sync it with "tokenvault team sync".');
        const [{ needLocal }, { placeFor }, { giveNewPassword }, { syncVault }] = await Promise.all([import('../sync/engine'), import('../sync/places'), import('../sync/setup'), import('../sync/run')]);
        const place = placeFor(needLocal(vault).place, vault.path);
        if (opts.newPassword) await giveNewPassword(vault, await ctx.prompt.secret('New master password (set on the other device)'), place);
        const report = await syncVault(vault, {}, place);
        printReport(ctx, report, place.description);
        if (report.renewed) ctx.warn('this vault file was made from a backup: it now syncs as a device of its own, so it never writes over the replica of the device it came from.');
        exitForReport(report);
      }),
    );

  sync
    .command('status')
    .description('where this vault syncs, this device, the last sync and pending changes')
    .option('--json', 'one JSON document')
    .action(async (opts: { json?: boolean }) =>
      syncing(async () => {
        const agent = await unlockedAgent(ctx);
        const status = agent ? statusFromState(fromAgent(await agent.call('syncStatus', {}))) : (await import('../sync/status')).syncStatus((await openWithPassword(ctx)).vault);
        if (opts.json) return ctx.json(status);
        if (!status.syncing) return ctx.out('This vault does not sync. Set it up with "tokenvault sync setup --folder DIR" or "--git URL".');
        ctx.out(`Syncs through: ${status.place!.kind === 'git' ? 'git remote' : 'folder'} ${status.place!.where}`);
        ctx.out(`This device: ${status.device!.name} (${status.device!.id})`);
        ctx.out(`Last sync: ${status.lastSync ? `${status.lastSync.at} — ${status.lastSync.message}` : 'never'}`);
        ctx.out(`Changes here not yet synced: ${status.pending}`);
        if (status.needsPassword) ctx.out('Needs the new master password (changed on another device): tokenvault sync now --new-password');
        for (const line of status.refused) ctx.out(line);
      }),
    );

  sync
    .command('devices')
    .description('the devices syncing this vault, and when each last synced')
    .option('--json', 'one JSON document')
    .action(async (opts: { json?: boolean }) =>
      syncing(async () => {
        const agent = await unlockedAgent(ctx);
        const devices = agent ? fromAgent(await agent.call('syncDevices', {})) : await devicesHere(ctx);
        if (opts.json) return ctx.json(devices);
        for (const d of devices) ctx.out(`${d.id}  ${d.name}${d.thisDevice ? ' (this device)' : ''}${d.forgotten ? ' (forgotten)' : ''}  last sync ${d.lastSync ?? 'unknown'}`);
      }),
    );

  sync
    .command('forget <device>')
    .description('ignore that device\'s replica from now on (its copy still opens with the password it knew)')
    .action(async (device: string) =>
      syncing(async () => {
        // Its changes are ignored from then on: the agent refuses that to a program on its socket,
        // so this takes the master password and opens the vault here (agent/socket-policy.ts).
        const id = (await import('../sync/setup')).forgetDevice(await ctx.openUnlocked(), device);
        ctx.out(`Forgot device ${id}: its replica is ignored from now on.`);
        ctx.out('Its copy of the vault still opens with the master password it knew: if the device is lost, change the password ("tokenvault passwd") and rotate the tokens it held.');
      }),
    );
};

async function devicesHere(ctx: CliContext) {
  const { vault } = await openWithPassword(ctx);
  const [{ needLocal }, { placeFor }, { syncDevices }] = await Promise.all([import('../sync/engine'), import('../sync/places'), import('../sync/status')]);
  return syncDevices(vault, placeFor(needLocal(vault).place, vault.path));
}
