// The agent-only methods (protocol.ts) over the one unlocked session the app or the headless
// agent holds. Every secret that leaves here is logged in the vault first; when the user asked
// for it, the app is asked allow/deny (the headless agent has no one to ask).
import { createHash, timingSafeEqual } from 'node:crypto';
import { ServiceError } from '../app/errors';
import type { MainServices } from '../services';
import { entryStatus } from '../reminders/status';
import type { ReleaseRecord } from '../vault/release-log';
import type { EntryOverview } from '../vault/types';
import type { Vault } from '../vault/vault';
import { entriesForHost, expiryUtc, gitUsername, matchCredential } from './git-match';
import { isMasterPasswordSlowly } from './master-guess';
import { peerCommandOf, type PeerInfo } from './peer';
import { decideSocketAct, socketAct } from './socket-acts';
import type { AgentArgs, AgentMethodName, AgentResult, Credential } from './protocol';

export interface ReleaseQuestion {
  entryName: string;
  purpose: ReleaseRecord['purpose'];
  command: string;
  peer: PeerInfo;
}

export interface AgentHost {
  vaultId: string;
  services: MainServices;
  headless: boolean;
  /** The app's allow/deny prompt; absent for the headless agent. */
  approveRelease?: (question: ReleaseQuestion) => Promise<boolean>;
  stop(): void;
}

export type AgentHandlers = { [M in AgentMethodName]: (args: AgentArgs<M>, peer: PeerInfo) => Promise<AgentResult<M>> };

const view = (entry: EntryOverview) => ({ ...entry, status: entryStatus(entry, new Date()) });

/** How long after git got a token its `erase` of it is believed: one git command's life, with room. */
const ERASE_WINDOW_MS = 10 * 60_000;

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

function describeUrl(c: Credential): string {
  return `${c.protocol}://${c.host}${c.path ? `/${c.path.replace(/^\/+/, '')}` : ''}`;
}

export function createAgentHandlers(host: AgentHost): AgentHandlers {
  const { session } = host.services;

  async function release(vault: Vault, entry: EntryOverview, purpose: ReleaseRecord['purpose'], command: string, peer: PeerInfo): Promise<string> {
    if (host.approveRelease && vault.getSettings().askBeforeRelease) {
      const allowed = await host.approveRelease({ entryName: entry.name, purpose, command, peer });
      if (!allowed) throw new ServiceError('RELEASE_DENIED', `You declined to hand "${entry.name}" to ${command.split(' ')[0] ?? 'that program'}.`);
    }
    const secret = vault.readSecret(entry.id);
    // Logged before it leaves: a crash after this line over-reports, never under-reports.
    vault.logRelease({
      at: new Date().toISOString(),
      entryId: entry.id,
      entryName: entry.name,
      purpose,
      command: command.slice(0, 500),
      peerPid: peer.pid,
      peerExe: peer.exe,
      peerSource: peer.source,
      // What the process really runs, from the kernel: `command` is only what the client said.
      peerCommand: peerCommandOf(peer),
      via: host.headless ? 'agent' : 'app',
    });
    return secret;
  }

  // Tokens handed to git (get), and until when its erase of them counts. Without this any
  // program on the socket could test a guessed token against the vault — an erase of a stored
  // secret left a visible "refused" mark — unlogged; now an erase only ever concerns a token that
  // was just released to git through a logged get, which gave the asker the secret anyway.
  const handedToGit = new Map<string, number>();

  /** The entry git was just handed whose secret is the one it sent back refused, if any (compared in constant time). */
  function entryHolding(vault: Vault, credential: Credential): EntryOverview | null {
    if (!credential.password) return null;
    const now = Date.now();
    const sent = digest(credential.password);
    for (const entry of entriesForHost(vault.list(), credential)) {
      const until = handedToGit.get(entry.id);
      if (until === undefined || until < now) continue;
      if (timingSafeEqual(digest(vault.readSecret(entry.id)), sent)) return entry;
    }
    return null;
  }

  return {
    agentHello: async () => {
      const status = session.status();
      return { vaultId: host.vaultId, vaultPath: status.path, pid: process.pid, unlocked: status.unlocked, headless: host.headless, idleMinutes: session.idleMinutes };
    },
    agentFind: async ({ ref }) => view(session.unlocked().find(ref)),
    agentRelease: async ({ ref, purpose, command }, peer) => {
      const vault = session.unlocked();
      const entry = vault.find(ref);
      return { id: entry.id, name: entry.name, secret: await release(vault, entry, purpose, command, peer) };
    },
    gitCredential: async ({ action, credential }, peer) => {
      // Locked: say nothing, so git falls back to its other helpers or asks.
      if (!session.status().unlocked) return { answer: null, note: null };
      const vault = session.unlocked();
      if (action === 'get') {
        const match = matchCredential(vault.list(), vault.getSettings().gitDefaults, credential);
        if (match.kind === 'none') return { answer: null, note: null };
        if (match.kind === 'ambiguous') {
          return { answer: null, note: `Several tokens could answer for ${match.instance} (${match.names.slice(0, 5).join(', ')}); mark one with "tokenvault git-credential default NAME".` };
        }
        const caller = peer.parentCommand ? ` (${peer.parentCommand})` : '';
        const secret = await release(vault, match.entry, 'git', `git credential for ${describeUrl(credential)}${caller}`, peer);
        handedToGit.set(match.entry.id, Date.now() + ERASE_WINDOW_MS);
        return { answer: { username: credential.username || gitUsername(match.entry), password: secret, expiryUtc: expiryUtc(match.entry) }, note: null };
      }
      // store: git reports a credential that worked. The vault is the source of its tokens, so
      // nothing git hands us is written (it may be one typed at a prompt, or another helper's).
      if (action === 'store') return { answer: null, note: null };
      // erase: git was refused (HTTP 401) with this credential. If it is one of ours, it is marked
      // as GitLab's refusal (sealed in its overview: gitlab.active = false, as a failed verify
      // marks it) and get gives it to git no more, so git reaches its next helper or prompt,
      // until a verify finds it working or it is replaced. The token itself stays, for the user
      // to rotate or remove; the app shows "GitLab refused it".
      const refused = entryHolding(vault, credential);
      if (refused) {
        // The mark hands git the next token at that host: held to the socket's invariant like an edit
        // (a program that got the secret through get could otherwise erase its way to its own token).
        const act = socketAct(vault, 'gitRefused', { id: refused.id }, refused);
        const decision = act ? await decideSocketAct(host, vault, act, peer) : { allowed: true as const };
        if (!decision.allowed) return { answer: null, note: decision.message.slice(0, 500) };
        vault.update(refused.id, { gitlab: { active: false } }, { at: new Date().toISOString(), action: 'refused', note: `GitLab refused it when git used it for ${describeUrl(credential)}.` });
      }
      return { answer: null, note: null };
    },
    agentReleases: async ({ limit }) => ({ rows: session.unlocked().releases(limit) }),
    agentSetIdle: async ({ minutes, password }) => {
      const vault = session.unlocked();
      // Every program the user runs reaches the socket: one of them must not keep the vault
      // open for ever ("0 = never") or for longer than the user chose without the password.
      const current = session.idleMinutes ?? vault.getSettings().autoLockMinutes;
      const shortens = minutes > 0 && (current === 0 || minutes <= current);
      // The password is checked at a guess's offline cost: this is no faster oracle than the vault file.
      if (!shortens && !(password !== undefined && (await isMasterPasswordSlowly(host, vault, password)))) {
        throw new ServiceError('IDLE_GUARDED', `Without the master password the idle lock can only be shortened (now ${current === 0 ? 'never' : `${current} min`}): run \`tokenvault lock\`, then \`tokenvault unlock --minutes ${minutes}\`.`);
      }
      session.setIdleMinutes(minutes);
      return {};
    },
    agentStop: async () => {
      if (!host.headless) throw new ServiceError('AGENT_IS_APP', 'The desktop app serves this vault; quit the app or lock it there.');
      host.stop();
      return {};
    },
  };
}
