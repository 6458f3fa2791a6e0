// `tokenvault identity` and `tokenvault team create|join|invite|members|promote|remove|
// rotate-exposed|move|log|sync`: the CLI's face of electron/team. A person's identity lives in their
// personal vault (the default one, or --personal); a team copy is a vault file of its own
// (--vault), made by create or join with the personal vault's password and a copy of the
// identity, so later team commands need only the team copy.
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_TARGET_MS } from '../vault/kdf';
import { defaultVaultPath } from '../vault/paths';
import type { Vault } from '../vault/vault';
import type { TeamSyncReport } from '../team/team-sync';
import type { PlaceConfig } from '../sync/local-state';
import { type CliContext, CliError, EXIT, type RegisterCommands } from './context';
import { placeConfig, type WhereOptions } from './sync-commands';

const teamPlace = (opts: WhereOptions): PlaceConfig => placeConfig(opts, 'Say where the team syncs');

/** Team and sync errors as exit statuses: a refused member list 4, a wrong password 3, the rest 1. */
async function teamWork<T>(work: () => Promise<T>): Promise<T> {
  const [{ isTeamError }, { isSyncError }] = await Promise.all([import('../team/errors'), import('../sync/errors')]);
  try {
    return await work();
  } catch (error) {
    if (isTeamError(error)) throw new CliError(error.code === 'LIST_REFUSED' ? EXIT.damaged : error.code === 'BAD_INVITE' ? EXIT.usage : EXIT.failed, error.message);
    if (isSyncError(error)) throw new CliError(error.code === 'WRONG_PASSWORD' ? EXIT.wrongPassword : EXIT.failed, error.message);
    throw error;
  }
}

function printReport(ctx: CliContext, report: TeamSyncReport, where: string): void {
  for (const w of report.warnings) ctx.warn(w);
  const counts = `${report.added.length} added, ${report.changed.length} changed, ${report.removed.length} removed; ${report.sent} change${report.sent === 1 ? '' : 's'} sent`;
  if (report.offline) ctx.out(`Not synced: ${report.offline}`);
  else ctx.out(`Synced with ${where}: ${counts}.`);
  for (const name of report.added) ctx.out(`  + ${name}`);
  for (const name of report.changed) ctx.out(`  ~ ${name}`);
  for (const name of report.removed) ctx.out(`  - ${name}`);
  for (const note of report.conflicts) ctx.out(`  ! ${note}`);
  for (const why of report.lost) ctx.out(`  ! ${why}.`);
  if (report.rekeyed) ctx.out('  This copy moved to a new team key (a member was removed).');
  for (const { why } of [...report.teamRefused, ...report.refused]) ctx.warn(why);
}

/** The personal vault, unlocked: its password is also the new team copy's. */
async function openPersonal(ctx: CliContext, personal: string | undefined): Promise<{ vault: Vault; password: string }> {
  const { Vault } = await import('../vault/vault');
  const file = path.resolve(personal ?? defaultVaultPath());
  if (!fs.existsSync(file)) throw new CliError(EXIT.failed, `Your personal vault ${file} is not there; give it with --personal FILE (your identity lives in it).`);
  const vault = ctx.track(Vault.open(file));
  const password = await ctx.prompt.secret('Master password of your personal vault');
  await vault.unlock(password);
  return { vault, password };
}

async function newTeamCopy(ctx: CliContext, password: string, targetMs: number): Promise<Vault> {
  const target = path.resolve(ctx.vaultPath());
  if (path.resolve(defaultVaultPath()) === target) throw new CliError(EXIT.usage, 'A team copy is a vault file of its own: give its new file with --vault FILE (your personal vault stays as it is).');
  if (fs.existsSync(target)) throw new CliError(EXIT.failed, `There is already a vault at ${target}; give a new file for the team copy with --vault FILE.`);
  const { Vault } = await import('../vault/vault');
  return ctx.track(await Vault.create(target, password, { targetMs }));
}

export const registerTeamCommands: RegisterCommands = (program, ctx) => {
  program
    .command('identity')
    .description('your key fingerprint and invite code (made in this vault at first use)')
    .option('--name <name>', 'the name others see, when the identity is made (default: your user name)')
    .option('--json', 'one JSON document')
    .action(async (opts: { name?: string; json?: boolean }) =>
      teamWork(async () => {
        const vault = await ctx.openUnlocked();
        const [{ ensureIdentity }, { fingerprint, inviteCode }, { loadSodium }] = await Promise.all([import('../team/identity-store'), import('../team/identity'), import('../vault/sodium')]);
        const sodium = await loadSodium();
        const { identity, made } = await ensureIdentity(vault, opts.name);
        const view = { name: identity.name, fingerprint: fingerprint(sodium, identity), invite: inviteCode(sodium, identity), createdAt: identity.createdAt };
        if (opts.json) return ctx.json(view);
        if (made) ctx.out(`Made your identity, "${identity.name}", and sealed it in ${vault.path}.`);
        ctx.out(`Fingerprint: ${view.fingerprint}`);
        ctx.out(`Invite code: ${view.invite}`);
        ctx.out('Send the invite code to a team manager; compare the fingerprint with them by a channel you trust (in person, a call).');
      }),
    );

  const team = program.command('team').description('team vaults: shared tokens, signed members, take access back');

  team
    .command('create')
    .description('make a new team vault at --vault (a new file), synced through a folder or a git remote, you its manager')
    .option('--folder <dir>', 'a folder a sync tool carries')
    .option('--git <url>', 'a git remote (e.g. a private project on your GitLab)')
    .option('--name <team>', 'the team\'s name', 'Team')
    .option('--device <name>', 'this device\'s name, shown to the others')
    .option('--personal <file>', 'your personal vault, which holds your identity (default: the app\'s vault)')
    .option('--decryption-time <ms>', 'calibrate the team copy\'s key derivation to about this long', (v) => Number(v), DEFAULT_TARGET_MS)
    .action(async (opts: WhereOptions & { name: string; device?: string; personal?: string; decryptionTime: number }) =>
      teamWork(async () => {
        const config = teamPlace(opts);
        const { vault: personal, password } = await openPersonal(ctx, opts.personal);
        const [{ ensureIdentity }, { createTeam }, { defaultDeviceName }] = await Promise.all([import('../team/identity-store'), import('../team/team-setup'), import('../sync/setup')]);
        const { identity, made } = await ensureIdentity(personal);
        if (made) ctx.out(`Made your identity, "${identity.name}", in your personal vault.`);
        const copy = await newTeamCopy(ctx, password, opts.decryptionTime);
        const { report } = await createTeam(copy, identity, opts.name, config, opts.device ?? defaultDeviceName());
        ctx.out(`Team "${opts.name}" is made at ${copy.path}, syncing through ${config.where}; you are its manager.`);
        ctx.out(`Add people: each runs "tokenvault identity" and sends you the invite code; then: tokenvault --vault ${copy.path} team invite CODE`);
        for (const { why } of report.teamRefused) ctx.warn(why);
      }),
    );

  team
    .command('join')
    .description('make your copy of a team that lists you, at --vault (a new file)')
    .option('--folder <dir>', 'the team\'s synced folder')
    .option('--git <url>', 'the team\'s git remote')
    .option('--team <id-or-name>', 'which team, when the place holds several that list you')
    .option('--device <name>', 'this device\'s name, shown to the others')
    .option('--personal <file>', 'your personal vault, which holds your identity (default: the app\'s vault)')
    .option('--decryption-time <ms>', 'calibrate the team copy\'s key derivation to about this long', (v) => Number(v), DEFAULT_TARGET_MS)
    .action(async (opts: WhereOptions & { team?: string; device?: string; personal?: string; decryptionTime: number }) =>
      teamWork(async () => {
        const config = teamPlace(opts);
        const { vault: personal, password } = await openPersonal(ctx, opts.personal);
        const [{ needIdentity }, { joinTeam }, { defaultDeviceName }] = await Promise.all([import('../team/identity-store'), import('../team/team-setup'), import('../sync/setup')]);
        const identity = needIdentity(personal);
        const target = path.resolve(ctx.vaultPath());
        const copy = await newTeamCopy(ctx, password, opts.decryptionTime);
        try {
          const joined = await joinTeam(copy, identity, config, opts.device ?? defaultDeviceName(), opts.team);
          ctx.out(`Joined team "${joined.teamName}": ${copy.path} holds ${copy.list().length} token${copy.list().length === 1 ? '' : 's'}.`);
          for (const m of joined.managers) ctx.out(`  Manager ${m.name}: fingerprint ${m.fingerprint}`);
          ctx.out('Compare the managers\' fingerprints with them by a channel you trust before relying on the team.');
          for (const { why } of joined.report.teamRefused) ctx.warn(why);
        } catch (error) {
          // Nothing was joined: the empty file made for it goes.
          copy.close();
          for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${target}${suffix}`, { force: true });
          fs.rmSync(`${target}.team-stage`, { recursive: true, force: true });
          throw error;
        }
      }),
    );

  team
    .command('invite <code>')
    .description('add the person an invite code names (managers only)')
    .option('--role <role>', 'member or manager', 'member')
    .option('--new-key', 'that person made a new identity and you compared the new fingerprint with them')
    .action(async (code: string, opts: { role: string; newKey?: boolean }) =>
      teamWork(async () => {
        if (opts.role !== 'member' && opts.role !== 'manager') throw new CliError(EXIT.usage, '--role is member or manager.');
        const vault = await ctx.openUnlocked();
        const [{ needIdentity }, { inviteMember }] = await Promise.all([import('../team/identity-store'), import('../team/team-setup')]);
        const added = await inviteMember(vault, needIdentity(vault), code, { role: opts.role, newKey: !!opts.newKey });
        ctx.out(`Added ${added.name} as ${opts.role}, fingerprint ${added.fingerprint}. Compare it with ${added.name}'s own "tokenvault identity" before sharing more.`);
        ctx.out(`${added.name} now runs: tokenvault --vault FILE team join ${await vaultPlaceArg(vault)}`);
        for (const { why } of added.report.teamRefused) ctx.warn(why);
      }),
    );

  team
    .command('members')
    .description('the members, their roles and fingerprints, as this copy last accepted them')
    .option('--json', 'one JSON document')
    .action(async (opts: { json?: boolean }) =>
      teamWork(async () => {
        const vault = await ctx.openUnlocked();
        const { listMembers } = await import('../team/team-setup');
        const { team: state, members, removed } = await listMembers(vault);
        if (opts.json) return ctx.json({ team: { id: state.teamId, name: state.teamName }, members, removed });
        ctx.out(`Team "${state.teamName}" (${state.teamId}):`);
        for (const m of members) ctx.out(`  ${m.name.padEnd(20)} ${m.role.padEnd(8)} ${m.fingerprint}${m.you ? '  (you)' : ''}`);
        for (const r of removed) ctx.out(`  ${r.name.padEnd(20)} removed by ${r.by} on ${r.at.slice(0, 10)}`);
      }),
    );

  team
    .command('promote <who>')
    .description('change a member\'s role (managers only)')
    .option('--role <role>', 'manager or member', 'manager')
    .action(async (who: string, opts: { role: string }) =>
      teamWork(async () => {
        if (opts.role !== 'member' && opts.role !== 'manager') throw new CliError(EXIT.usage, '--role is member or manager.');
        const vault = await ctx.openUnlocked();
        const [{ needIdentity }, { promoteMember }] = await Promise.all([import('../team/identity-store'), import('../team/team-setup')]);
        await promoteMember(vault, needIdentity(vault), who, opts.role);
        ctx.out(`${who} is now a ${opts.role}.`);
      }),
    );

  team
    .command('remove <who>')
    .description('remove a member: a new team key for the others, and the list of tokens they could read (managers only)')
    .option('--rotate', 'then rotate every token they could read, through GitLab where the kind allows')
    .action(async (who: string, opts: { rotate?: boolean }) =>
      teamWork(async () => {
        const vault = await ctx.openUnlocked();
        const [{ needIdentity }, { removeMember }] = await Promise.all([import('../team/identity-store'), import('../team/team-setup')]);
        const removed = await removeMember(vault, needIdentity(vault), who);
        ctx.out(`Removed ${removed.name}. The team moved to a new key, sealed to the others only: nothing written from now on opens with ${removed.name}'s key, and their devices' later changes are refused.`);
        ctx.out(`${removed.name} still knows everything they could read until now: the ${removed.exposed} token${removed.exposed === 1 ? '' : 's'} below, in their copy and in the place's older files. Only new secrets take them back.`);
        await rotateExposed(ctx, vault, !opts.rotate);
      }),
    );

  team
    .command('rotate-exposed')
    .description('rotate every token a removed member could read and that still has the same secret')
    .option('--dry-run', 'only list them, with what would be done')
    .action(async (opts: { dryRun?: boolean }) =>
      teamWork(async () => {
        const vault = await ctx.openUnlocked();
        await rotateExposed(ctx, vault, !!opts.dryRun);
      }),
    );

  team
    .command('move <token>')
    .description('move a token from your personal vault into this team copy (it goes to your personal Trash, restorable for 30 days)')
    .option('--personal <file>', 'your personal vault, which holds the token (default: the app\'s vault)')
    .action(async (token: string, opts: { personal?: string }) =>
      teamWork(async () => {
        const vault = await ctx.openUnlocked();
        const { vault: personal } = await openPersonal(ctx, opts.personal);
        const [{ moveToTeam }, { teamSync }] = await Promise.all([import('../team/move'), import('../team/team-sync')]);
        const { moved, team: teamName } = moveToTeam(personal, vault, personal.find(token).id);
        ctx.out(`Moved "${moved.name}" into team "${teamName}"; every member can read it from their next team sync. Your personal copy is in its Trash (restorable for 30 days).`);
        const report = await teamSync(vault);
        if (report.offline) ctx.warn(`stored in this team copy but not yet sent to the team: ${report.offline}`);
      }),
    );

  team
    .command('log [team]')
    .description('the team\'s audit log: who added, changed, copied, handed to a program, rotated, revoked or deleted which token, and when; every entry checked against its author\'s signature')
    .option('--token <name>', 'only entries about this token (its name now or then, or its id)')
    .option('--since <date>', 'only entries from this day (YYYY-MM-DD) or instant on')
    .option('--csv', 'CSV with a header row, for a spreadsheet')
    .option('--json', 'one JSON document')
    .action(async (teamArg: string | undefined, opts: { token?: string; since?: string; csv?: boolean; json?: boolean }) =>
      teamWork(async () => {
        if (opts.csv && opts.json) throw new CliError(EXIT.usage, 'Give --csv or --json, not both.');
        const since = opts.since === undefined ? undefined : sinceInstant(opts.since);
        const vault = await ctx.openUnlocked();
        const [{ teamLog, ACTION_WORDS }, { needTeam }] = await Promise.all([import('../team/team-log'), import('../team/team-state')]);
        const state = needTeam(vault);
        if (teamArg !== undefined && teamArg !== state.teamId && teamArg.toLowerCase() !== state.teamName.toLowerCase()) throw new CliError(EXIT.usage, `This copy (${vault.path}) is of team "${state.teamName}", not "${teamArg}"; give that team's copy with --vault FILE.`);
        let token: { id: string | null; name: string } | undefined;
        if (opts.token !== undefined) {
          let id: string | null = null;
          try {
            id = vault.find(opts.token).id;
          } catch {
            id = null; // a token deleted since: matched by the name it had
          }
          token = { id, name: opts.token };
        }
        const log = await teamLog(vault, { token, since });
        for (const problem of log.problems) ctx.warn(problem);
        if (opts.json) ctx.json({ team: { id: state.teamId, name: state.teamName }, entries: log.rows, problems: log.problems });
        else if (opts.csv) {
          const { logCsv } = await import('../team/log-csv');
          process.stdout.write(logCsv(log.rows));
        } else {
          if (!log.rows.length) ctx.out(`No entries in team "${state.teamName}"'s log${token ? ` about "${opts.token}"` : ''}${since ? ` since ${opts.since}` : ''}.`);
          for (const r of log.rows) {
            const what = r.entryName ? ` "${r.entryName}"` : '';
            ctx.out(`${r.at.slice(0, 16).replace('T', ' ')}  ${r.author}${r.standing === 'removed' ? ' (removed since)' : ''}  ${ACTION_WORDS[r.action]}${what}${r.detail ? ` (${r.detail})` : ''}${r.pending ? '  [not yet sent]' : ''}`);
          }
        }
        if (log.problems.length) throw new CliError(EXIT.damaged, `${log.problems.length} part${log.problems.length === 1 ? '' : 's'} of the log ${log.problems.length === 1 ? 'was' : 'were'} refused or missing (said above); the rest is shown.`);
      }),
    );

  team
    .command('sync')
    .description('merge the other members\' replicas in (each checked), and write ours signed')
    .action(async () =>
      teamWork(async () => {
        const vault = await ctx.openUnlocked();
        const { teamSync } = await import('../team/team-sync');
        const report = await teamSync(vault);
        printReport(ctx, report, 'the team');
        const refused = report.teamRefused.length + report.refused.length;
        if (refused) throw new CliError(EXIT.damaged, `${refused} replica${refused === 1 ? ' was' : 's were'} refused in whole or part; the rest merged.`);
        if (report.offline) throw new CliError(EXIT.failed, 'The team\'s place could not be reached; nothing was merged.');
      }),
    );
};

/** The place, as the invited person types it (nothing sealed in it). */
/** --since as an instant: a day (from its start, UTC) or a full ISO instant. */
function sinceInstant(text: string): string {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00.000Z` : text;
  const at = Date.parse(day);
  if (Number.isNaN(at) || !/^\d{4}-\d{2}-\d{2}/.test(text)) throw new CliError(EXIT.usage, `--since takes a day as YYYY-MM-DD (or an ISO instant), not "${text.slice(0, 40)}".`);
  return new Date(at).toISOString();
}

async function vaultPlaceArg(vault: Vault): Promise<string> {
  const { needLocal } = await import('../sync/engine');
  const { place } = needLocal(vault);
  return `${place.kind === 'git' ? '--git' : '--folder'} ${place.where}`;
}

/** Lists what removed members could read and still can, and rotates it unless `dryRun`; ends with the report. */
async function rotateExposed(ctx: CliContext, vault: Vault, dryRun: boolean): Promise<void> {
  const [{ needTeam }, { stillExposed, rotateAll, rotatable }, { loadSodium }] = await Promise.all([import('../team/team-state'), import('../team/offboarding'), import('../vault/sodium')]);
  const sodium = await loadSodium();
  const exposed = stillExposed(sodium, needTeam(vault), vault);
  if (!exposed.length) return ctx.out('No token a removed member could read still has the secret they saw.');
  for (const e of exposed) {
    const plan = e.refusal ? ': will NOT be sent to GitLab (its address, see below)' : rotatable(e.kind) ? ': to rotate through GitLab' : ': to replace by hand';
    ctx.out(`  ${e.name} (${e.kind}) — read by ${e.leavers.join(', ')}${dryRun ? plan : ''}`);
    if (e.addressChanged) ctx.out(`    ! its address ${e.instance ?? '(none)'} is not the one it was added with; last set by ${e.addressSetBy ?? 'you, on this device'}`);
    if (dryRun && e.refusal) ctx.out(`    ! ${e.refusal}`);
  }
  if (dryRun) return ctx.out(`${exposed.length} token${exposed.length === 1 ? '' : 's'} to rotate: "tokenvault --vault ${vault.path} team rotate-exposed" rotates all of them.`);
  const [{ rotateWithVariables }, { clientFor }] = await Promise.all([import('../team/rotate-places'), import('./gitlab')]);
  const outcomes = await rotateAll(
    exposed,
    (id) => vault.get(id).instance,
    async (id) => {
      const entry = vault.get(id);
      return rotateWithVariables(vault, await clientFor(entry.instance, entry.name, {}), id);
    },
    (done, total, last) => ctx.progress(`${done}/${total} ${last.name}`),
  );
  ctx.out('Rotation report:');
  for (const o of outcomes) ctx.out(`  ${o.rotated ? 'rotated' : 'NOT rotated'}: ${o.name} — ${o.message}`);
  const failed = outcomes.filter((o) => !o.rotated).length;
  ctx.out(`${outcomes.length - failed} rotated, ${failed} could not be.`);
  if (outcomes.some((o) => o.rotated)) {
    const { teamSync } = await import('../team/team-sync');
    const report = await teamSync(vault);
    if (report.offline) ctx.warn(`the new secrets are stored here but not yet synced to the team: ${report.offline}`);
  }
  if (failed) throw new CliError(EXIT.gitlab, `${failed} of ${outcomes.length} exposed token${outcomes.length === 1 ? '' : 's'} could not be rotated; see the report above.`);
}
