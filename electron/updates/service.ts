// The update check as the app offers it: a preference asked at first run (and changed in
// Settings), kept owner-only in the user-data folder (updates.json), a check on start when on,
// and the outcome for the page. It also keeps there the newest feed it believed (its version and
// when it was signed), so a replayed older feed is refused (check.ts). What "newer" means and
// what is believed is check.ts's; how an
// update is installed (electron-updater on signed macOS/Windows builds) is main.ts's, through
// `install`. No Electron here.
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { UpdateState } from '../api';
import { checkForUpdate, feedUrlProblem, type UpdateCheck } from './check';

const seenSchema = z.object({ version: z.string().max(100), issuedAt: z.string().datetime() }).strict();
const preferencesSchema = z.object({ check: z.boolean().nullable(), feedUrl: z.string().max(2048).nullable(), seen: seenSchema.nullable().optional() }).strict();
type Preferences = z.infer<typeof preferencesSchema>;

export class UpdateServiceError extends Error {
  // The name ipc.ts lets through to the page: the message was written for the person reading it.
  override name = 'ServiceError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface UpdateServiceOptions {
  /** <userData>/updates.json */
  preferencesPath: string;
  currentVersion: string;
  platform: NodeJS.Platform;
  /** process.arch: a feed is believed only when signed for this system and architecture. */
  arch: string;
  publicKey: string;
  defaultFeedUrl: string;
  releasesPage: string;
  /** Set where this build installs verified updates itself (signed macOS/Windows); given the verified check. Throws when nothing was installed. */
  install?: (check: Extract<UpdateCheck, { status: 'newer' }>, feedUrl: string) => Promise<void>;
  /** Told when a check found a newer version. */
  onNewer?: (state: UpdateState) => void;
  fetch?: typeof fetch;
  now?: () => Date;
}

export interface UpdateServices {
  updatesGet(): UpdateState;
  updatesSet(args: { check: boolean; feedUrl?: string | null }): Promise<UpdateState>;
  updatesCheck(): Promise<UpdateState>;
  /** The banner's Install: hands the last verified newer release to `install`. */
  updatesInstall(): Promise<UpdateState>;
  /** At start: checks when the user said yes; never throws. */
  checkOnStart(): Promise<UpdateState>;
}

function readPreferences(path: string): Preferences {
  try {
    return preferencesSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch {
    // Never answered (or a damaged file): ask again rather than check without consent.
    return { check: null, feedUrl: null };
  }
}

function writePreferences(path: string, preferences: Preferences): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(preferences, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
}

export function createUpdateServices(options: UpdateServiceOptions): UpdateServices {
  const now = options.now ?? (() => new Date());
  let preferences = readPreferences(options.preferencesPath);
  let last: UpdateState['last'] = null;
  // The newer release the last check verified, and the feed it came from: what Install installs.
  let verified: { check: Extract<UpdateCheck, { status: 'newer' }>; feedUrl: string } | null = null;
  const feedUrl = () => preferences.feedUrl ?? options.defaultFeedUrl;

  const state = (): UpdateState => ({
    check: preferences.check === null ? 'unasked' : preferences.check ? 'on' : 'off',
    available: last?.status === 'newer',
    feedUrl: feedUrl(),
    isDefaultFeed: preferences.feedUrl === null,
    releasesPage: options.releasesPage,
    install: options.install ? 'automatic' : 'manual',
    current: options.currentVersion,
    last,
  });

  const run = async (): Promise<UpdateState> => {
    const from = feedUrl();
    const result = await checkForUpdate({
      feedUrl: from,
      currentVersion: options.currentVersion,
      platform: options.platform,
      arch: options.arch,
      publicKey: options.publicKey,
      seen: preferences.seen ?? null,
      now: now(),
      fetch: options.fetch,
    });
    // Believed: from now on nothing signed earlier, or offering an older version, is (check.ts).
    if (result.status !== 'failed' && JSON.stringify(result.seen) !== JSON.stringify(preferences.seen ?? null)) {
      preferences = { ...preferences, seen: result.seen };
      writePreferences(options.preferencesPath, preferences);
    }
    last = {
      status: result.status,
      version: result.status === 'failed' ? null : result.version,
      notes: result.status === 'newer' ? result.notes : '',
      message: result.status === 'failed' ? result.message : null,
      checkedAt: now().toISOString(),
    };
    verified = result.status === 'newer' ? { check: result, feedUrl: from } : null;
    if (result.status === 'newer') options.onNewer?.(state());
    return state();
  };

  const install = async (): Promise<UpdateState> => {
    if (!options.install) throw new UpdateServiceError('UPDATES_MANUAL', 'This copy of Token Vault cannot install updates itself; download the new version from the releases page.');
    if (!verified) throw new UpdateServiceError('NO_UPDATE', 'There is no verified update to install; check for updates again.');
    try {
      await options.install(verified.check, verified.feedUrl);
    } catch {
      throw new UpdateServiceError('INSTALL_FAILED', 'The update could not be downloaded, or it did not match the signed release; nothing was installed.');
    }
    return state();
  };

  return {
    updatesGet: state,
    updatesSet: async ({ check, feedUrl: wanted }) => {
      const nextFeed = wanted === undefined ? preferences.feedUrl : wanted === null || wanted.trim() === '' || wanted.trim() === options.defaultFeedUrl ? null : wanted.trim();
      if (nextFeed !== null) {
        const problem = feedUrlProblem(nextFeed);
        if (problem) throw new UpdateServiceError('FEED_URL', problem);
      }
      preferences = { ...preferences, check, feedUrl: nextFeed };
      writePreferences(options.preferencesPath, preferences);
      if (!check) {
        last = null;
        verified = null;
      }
      return state();
    },
    updatesCheck: () => run(),
    updatesInstall: install,
    checkOnStart: async () => {
      if (preferences.check !== true) return state();
      try {
        return await run();
      } catch {
        return state();
      }
    },
  };
}
