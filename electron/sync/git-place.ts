// A git remote as the place: the system `git` in a private clone in this device's data folder.
// Pull is fetch + rebase (our commits only ever touch our own folder, so a rebase never stops
// on a conflict); publish is add + commit of our folder, then push, fetched-rebased-retried
// when another device pushed first. git runs as a child process without blocking the event
// loop, so the agent in the same process keeps answering `tokenvault git-credential` while git
// asks it for the remote's password. Credentials are the user's own git configuration.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { SyncError } from './errors';
import type { Place } from './place';

const PUSH_ATTEMPTS = 6;
const DEFAULT_BRANCH = 'main';

interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** URL userinfo (user:password@) never reaches a message. */
const scrub = (text: string) => text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi, '$1');

export class GitPlace implements Place {
  readonly description: string;

  constructor(
    readonly url: string,
    /** The private clone. */
    readonly root: string,
  ) {
    this.description = `the git remote ${scrub(url)}`;
  }

  private git(args: string[], cwd = this.root): Promise<GitResult> {
    return new Promise((resolve) => {
      execFile(
        'git',
        args,
        // Never a prompt on a terminal nobody watches: credentials come from helpers (ssh-agent, tokenvault git-credential).
        { cwd, env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: '', SSH_ASKPASS: '', LC_ALL: 'C' }, maxBuffer: 16 * 1024 * 1024, timeout: 120_000 },
        (error, stdout, stderr) => {
          const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : 1) : 0;
          if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') resolve({ code: 127, stdout: '', stderr: 'git is not installed' });
          else resolve({ code, stdout: String(stdout), stderr: String(stderr) });
        },
      );
    });
  }

  private async must(args: string[], what: string): Promise<string> {
    const result = await this.git(args);
    if (result.code !== 0) throw this.unreachable(what, result);
    return result.stdout;
  }

  private unreachable(what: string, result: GitResult): SyncError {
    const line = scrub(result.stderr.split('\n').find((l) => /fatal|error|denied|rejected|could not|unable/i.test(l)) ?? result.stderr.split('\n')[0] ?? '').trim().slice(0, 300);
    return new SyncError('PLACE_UNREACHABLE', `${what} failed for ${this.description}${line ? ` (${line})` : ''}; the vault works on and the sync is tried again later.`);
  }

  /** The remote would not take our commits: what it said (its hook's words, git's reason), never a URL's userinfo. */
  private refusedPush(result: GitResult): SyncError {
    const lines = result.stderr.split('\n').map((l) => scrub(l).trim());
    const said = lines.filter((l) => /^remote:\s*\S/.test(l)).map((l) => l.replace(/^remote:\s*/, ''));
    const reason = lines.find((l) => /rejected|denied|declined|fatal|error/i.test(l)) ?? '';
    const why = [...said, reason].filter(Boolean).join('; ').slice(0, 400);
    return new SyncError(
      'PLACE_UNREACHABLE',
      `This device's changes were not sent: ${this.description} did not take the push${why ? ` (${why})` : ''}. They are kept here and go out at the next sync that can push.`,
    );
  }

  private async branch(): Promise<string> {
    const head = await this.git(['symbolic-ref', '--short', 'HEAD']);
    return head.code === 0 ? head.stdout.trim() : DEFAULT_BRANCH;
  }

  async pull(): Promise<void> {
    if (!fs.existsSync(path.join(this.root, '.git'))) {
      fs.mkdirSync(path.dirname(this.root), { recursive: true });
      // '--': an address that starts with a dash is an address, never an option (--upload-pack=…).
      const cloned = await this.git(['clone', '--quiet', '--', this.url, this.root], path.dirname(this.root));
      if (cloned.code !== 0) {
        fs.rmSync(this.root, { recursive: true, force: true });
        throw this.unreachable('Cloning', cloned);
      }
      await this.must(['config', 'user.name', 'Token Vault'], 'Configuring the clone');
      await this.must(['config', 'user.email', 'tokenvault@localhost'], 'Configuring the clone');
      // Temp files a killed write leaves are never committed.
      fs.appendFileSync(path.join(this.root, '.git', 'info', 'exclude'), '\n.tmp-*\n');
      // An empty remote: every device names the branch alike.
      if ((await this.git(['rev-parse', '--verify', '--quiet', 'HEAD'])).code !== 0) await this.must(['symbolic-ref', 'HEAD', `refs/heads/${DEFAULT_BRANCH}`], 'Configuring the clone');
    }
    await this.recover();
    // What a killed sync wrote but never committed (only this device writes in this clone).
    await this.commitPending('.', 'tokenvault: changes from an interrupted sync');
    await this.must(['fetch', '--quiet', 'origin'], 'Fetching');
    await this.catchUp();
  }

  /** A sync killed inside git leaves a rebase in progress or a stale lock: undo it. */
  private async recover(): Promise<void> {
    const dotGit = path.join(this.root, '.git');
    if (fs.existsSync(path.join(dotGit, 'rebase-merge')) || fs.existsSync(path.join(dotGit, 'rebase-apply'))) await this.git(['rebase', '--abort']);
    const lock = path.join(dotGit, 'index.lock');
    if (fs.existsSync(lock) && Date.now() - fs.statSync(lock).mtimeMs > 60_000) fs.rmSync(lock, { force: true });
  }

  /** Our commits on top of what the remote has (disjoint folders: never a conflict). */
  private async catchUp(): Promise<void> {
    const branch = await this.branch();
    if ((await this.git(['rev-parse', '--verify', '--quiet', `origin/${branch}`])).code !== 0) return;
    if ((await this.git(['rev-parse', '--verify', '--quiet', 'HEAD'])).code !== 0) {
      await this.must(['reset', '--quiet', `origin/${branch}`], 'Updating the clone');
      await this.must(['checkout', '--quiet', '--', '.'], 'Updating the clone');
      return;
    }
    await this.must(['rebase', '--quiet', `origin/${branch}`], 'Updating the clone');
  }

  private async commitPending(folder: string, message: string): Promise<void> {
    await this.must(['add', '--all', '--', folder], 'Recording this device\'s changes');
    const staged = await this.git(['diff', '--cached', '--quiet']);
    if (staged.code !== 0) await this.must(['commit', '--quiet', '--no-verify', '-m', message], 'Recording this device\'s changes');
  }

  async publish(ownFolder: string, message: string): Promise<void> {
    await this.commitPending(ownFolder, message);
    if ((await this.git(['rev-parse', '--verify', '--quiet', 'HEAD'])).code !== 0) return;
    const branch = await this.branch();
    for (let attempt = 1; ; attempt++) {
      const ahead = await this.git(['rev-list', '--count', `origin/${branch}..HEAD`]);
      if (ahead.code === 0 && ahead.stdout.trim() === '0') return;
      const pushed = await this.git(['push', '--quiet', 'origin', `HEAD:refs/heads/${branch}`]);
      if (pushed.code === 0) {
        await this.git(['fetch', '--quiet', 'origin']);
        return;
      }
      // Another device pushed first: take its commits under ours and try again.
      if (attempt >= PUSH_ATTEMPTS) throw this.refusedPush(pushed);
      await this.must(['fetch', '--quiet', 'origin'], 'Fetching');
      await this.catchUp();
    }
  }
}
