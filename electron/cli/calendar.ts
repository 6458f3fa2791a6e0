// `tokenvault calendar [--days N] [--ics FILE] [--json]`: what expires within N days and
// everything already expired (marked EXPIRED, listed first: those are broken now), with the
// 00:00 UTC cut-off shown on this machine's clock. --ics writes every expiry as a calendar
// file; instance and scopes go into it only when asked.
import { InvalidArgumentError } from 'commander';
import { describeTimeLeft, localExpiry } from '../reminders/expiry';
import { rotationsDue } from '../reminders/staleness';
import { overdueExpiries, upcomingExpiries, type ExpiryItem } from '../reminders/upcoming';
import { CliError, EXIT, type RegisterCommands } from './context';

const MAX_DAYS = 800;

function parseDays(raw: string): number {
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_DAYS) {
    throw new InvalidArgumentError(`Days must be a whole number from 1 to ${MAX_DAYS}.`);
  }
  return Number(raw);
}

interface CalendarOptions {
  days: number;
  ics?: string;
  json?: boolean;
  withInstance?: boolean;
  withScopes?: boolean;
}

function itemJson(item: ExpiryItem, timeZone: string) {
  const local = localExpiry(item.entry.expiresAt as string, timeZone);
  return {
    id: item.entry.id,
    name: item.entry.name,
    kind: item.entry.kind,
    instance: item.entry.instance,
    expiresAt: item.entry.expiresAt,
    /** The cut-off on this machine's clock, e.g. "2027-02-28T14:00" in Honolulu. */
    stopsWorkingLocal: `${local.date}T${local.time}`,
    daysLeft: Math.floor(item.daysLeft),
    status: item.status,
  };
}

function itemLine(item: ExpiryItem, timeZone: string, now: Date, marker: string): string {
  const date = item.entry.expiresAt as string;
  const local = localExpiry(date, timeZone);
  const where = item.entry.instance ? `  ${item.entry.instance}` : '';
  return `${marker.padEnd(9)}${date}  ${item.entry.name}  (stops ${local.date} ${local.time} local, ${describeTimeLeft(date, now)})${where}`;
}

export const registerCalendarCommands: RegisterCommands = (program, ctx) => {
  program
    .command('calendar')
    .description('upcoming expiries within N days, plus every token already expired')
    .option('--days <N>', `look ahead N days (1–${MAX_DAYS})`, parseDays, 30)
    .option('--ics <FILE>', 'also write every expiry to an iCalendar file, with a reminder at each lead time')
    .option('--with-instance', 'put the GitLab instance into the .ics events')
    .option('--with-scopes', 'put the scopes into the .ics events')
    .option('--json', 'one JSON document on standard output')
    .action(async (opts: CalendarOptions) => {
      const access = await ctx.access();
      {
        const now = new Date();
        const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
        const entries = await access.list();
        const expired = overdueExpiries(entries, now);
        const upcoming = upcomingExpiries(entries, now, opts.days);
        // Secrets that never expire: the rotation reminders their owners set.
        const rotations = rotationsDue(entries, now, opts.days);

        let ics: { file: string; events: number } | null = null;
        if (opts.ics) {
          const text = (await import('../reminders/ics-export')).expiriesToIcs(entries, {
            now,
            defaultLeadDays: (await access.settings()).defaultLeadDays,
            includeInstance: Boolean(opts.withInstance),
            includeScopes: Boolean(opts.withScopes),
          });
          const { writeOwnerOnlyFile } = await import('../vault/owner-only');
          try {
            writeOwnerOnlyFile(opts.ics, text);
          } catch (err) {
            throw new CliError(EXIT.failed, `Could not write ${opts.ics}: ${(err as NodeJS.ErrnoException).code ?? 'write failed'}.`);
          }
          ics = { file: opts.ics, events: entries.filter((e) => e.expiresAt).length };
        }

        if (opts.json) {
          ctx.json({
            now: now.toISOString(),
            timeZone,
            days: opts.days,
            expired: expired.map((i) => itemJson(i, timeZone)),
            upcoming: upcoming.map((i) => itemJson(i, timeZone)),
            rotations: rotations.map((r) => ({ id: r.entry.id, name: r.entry.name, kind: r.entry.kind, rotateBy: r.rotateBy, overdue: r.overdue, age: r.words })),
            ics,
          });
          return;
        }
        ctx.out(expired.length ? `Expired (${expired.length}) — these no longer work:` : 'Expired: none.');
        for (const item of expired) ctx.out(itemLine(item, timeZone, now, 'EXPIRED'));
        ctx.out(upcoming.length ? `Expiring within ${opts.days} days (${upcoming.length}):` : `Nothing expires within ${opts.days} days.`);
        for (const item of upcoming) ctx.out(itemLine(item, timeZone, now, item.daysLeft <= 7 ? 'SOON' : ''));
        if (rotations.length) ctx.out(`To rotate (${rotations.length}) — they never expire, so a reminder was set:`);
        for (const r of rotations) ctx.out(`${(r.overdue ? 'ROTATE' : '').padEnd(9)}${r.rotateBy}  ${r.entry.name}  (${r.entry.kind}; ${r.words})`);
        if (ics) ctx.out(`Wrote ${ics.events} event${ics.events === 1 ? '' : 's'} to ${ics.file}.`);
      }
    });
};
