// `tokenvault git-credential get|store|erase`: git's credential-helper protocol
// (gitcredentials(7), git-credential(1)). git writes key=value lines ending with a blank line
// or end of input; `get` answers username= and password= for the token stored for that
// protocol://host[/path], or nothing — when the vault is locked, there is no agent, or no
// token belongs there — so git falls back to its other helpers or asks. It never asks for the
// master password: git's standard input is not ours to prompt on.
import type { Credential } from '../agent/protocol';
import { CREDENTIAL_LIMITS } from '../agent/wire';
import { fromAgent, orWithPassword } from './access';
import { type CliContext, CliError, EXIT, type RegisterCommands } from './context';
import { visibleText } from './terminal-text';

const MAX_INPUT_BYTES = 128 * 1024;
const KEY = /^[A-Za-z0-9_.-]+(\[\])?$/;

async function readInput(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > MAX_INPUT_BYTES) throw new CliError(EXIT.usage, 'The credential description is larger than git ever sends; nothing was done.');
    chunks.push(buffer);
    // git ends a description with a blank line and may keep the pipe open.
    if (/(^|\n)\r?\n$/.test(Buffer.concat(chunks).toString('utf8'))) break;
  }
  return Buffer.concat(chunks).toString('utf8');
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Strict reading of git's key=value lines: a line without "=", a bad key or a NUL is refused.
 * Unknown keys are ignored, as gitcredentials(7) asks. A refusal names the line by its number,
 * never by its text: what lands here by mistake is as often a password or a token as a typo.
 */
export function parseCredential(text: string): Credential | { unsupported: string } {
  const fields = new Map<string, string>();
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.replace(/\r$/, '');
    if (line === '') break;
    const equals = line.indexOf('=');
    if (equals <= 0) throw new CliError(EXIT.usage, `git sent a line that is not key=value (line ${index + 1}); nothing was done.`);
    const key = line.slice(0, equals);
    const value = line.slice(equals + 1);
    if (!KEY.test(key) || value.includes('\0')) throw new CliError(EXIT.usage, `git sent a malformed attribute (line ${index + 1}); nothing was done.`);
    if (!key.endsWith('[]')) fields.set(key, value);
  }
  const url = fields.get('url');
  if (url !== undefined) {
    // git may send url= in place of the parts; it stands for all of them.
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new CliError(EXIT.usage, 'git sent a url= that is not a URL; nothing was done.');
    }
    fields.set('protocol', parsed.protocol.replace(/:$/, ''));
    fields.set('host', parsed.host);
    // Kept as the URL has it: git-match reads percent-encodings itself, refusing what could climb.
    const path = parsed.pathname.replace(/^\//, '');
    if (path) fields.set('path', path);
    if (parsed.username) fields.set('username', safeDecode(parsed.username));
  }
  const protocol = fields.get('protocol');
  const host = fields.get('host');
  if (!protocol || !host) throw new CliError(EXIT.usage, 'git sent no protocol= and host=; nothing was done.');
  if (protocol !== 'https' && protocol !== 'http') return { unsupported: protocol };
  // The agent checks the credential against protocol.ts's schema too; checked here, with the
  // same limits, so that bad input is refused with or without an agent, and without zod.
  const credential: Credential = { protocol, host };
  for (const field of ['host', 'path', 'username', 'password'] as const) {
    const value = field === 'host' ? host : fields.get(field);
    if (value === undefined) continue;
    if (value.length > CREDENTIAL_LIMITS[field]) throw new CliError(EXIT.usage, `git sent a credential Token Vault cannot use (${field}); nothing was done.`);
    credential[field] = value;
  }
  return credential;
}

/** get, store or erase: what git described on standard input, answered through the agent (or not at all). The CLI's entry runs this without the full CLI. */
export async function answerGit(ctx: CliContext, action: 'get' | 'store' | 'erase'): Promise<void> {
  const parsed = parseCredential(await readInput(process.stdin));
  if ('unsupported' in parsed) return; // ssh, cert…: not ours; git asks the next helper
  if (action === 'store') return; // never write a token git made up or got elsewhere
  // No vault, no agent, a locked agent: say nothing, and git carries on without us.
  const agent = await ctx.agent().catch(() => null);
  if (!agent) return;
  const result = fromAgent(await agent.call('gitCredential', { action, credential: parsed }));
  if (result.note) process.stderr.write(`tokenvault: ${visibleText(result.note)}\n`);
  if (!result.answer) return;
  const text = answerText(result.answer);
  if (text === null) {
    process.stderr.write('tokenvault: the token stored for this address holds a line break or NUL, which git cannot be handed (it reads one line per field); nothing was answered. Edit its secret.\n');
    return;
  }
  process.stdout.write(text);
}

/**
 * The answer as git reads it, or null when a value holds a line break or NUL: gitcredentials(7)
 * forbids them, and written as they are they would end the value early and add lines of their
 * own (a stored secret "x\nusername=…" would answer for it). Vaults made before imports refused
 * such secrets may hold one.
 */
export function answerText(answer: { username: string; password: string; expiryUtc: number | null }): string | null {
  if (/[\n\r\0]/.test(answer.username) || /[\n\r\0]/.test(answer.password)) return null;
  const lines = [`username=${answer.username}`, `password=${answer.password}`];
  if (answer.expiryUtc !== null) lines.push(`password_expiry_utc=${answer.expiryUtc}`);
  return `${lines.join('\n')}\n`;
}

export const registerGitCredentialCommand: RegisterCommands = (program, ctx) => {
  const command = program
    .command('git-credential')
    .description('git credential helper (git config --global credential.helper "!tokenvault git-credential")')
    // gitcredentials(7): "If a helper receives any other operation, it should silently ignore the
    // request", so operations git adds later (capability, …) meet silence and exit 0, not an error.
    .argument('[operation]')
    .allowExcessArguments()
    .action(() => undefined);

  for (const action of ['get', 'store', 'erase'] as const) {
    command
      .command(action)
      .description(
        action === 'get'
          ? 'answer username= and password= for the URL git describes on standard input, or nothing'
          : action === 'store'
            ? 'accepted and ignored: the vault keeps only tokens you stored yourself'
            : 'after GitLab refused a token of ours, mark it "GitLab refused it" (it is not deleted)',
      )
      .action(() => answerGit(ctx, action));
  }

  command
    .command('default <ref>')
    .description('the token git gets for its instance when several could answer')
    .action(async (ref: string) => {
      const access = await ctx.access();
      const entry = await access.find(ref);
      if (!entry.instance) throw new CliError(EXIT.usage, `"${entry.name}" has no GitLab instance; set one before making it git's default.`);
      const instance = entry.instance;
      // Which token git hands out is not a program's to choose: the agent asks or needs the password (agent/socket-acts.ts).
      await orWithPassword(ctx, access, async (a) => {
        const settings = await a.settings();
        await a.updateSettings({ gitDefaults: { ...settings.gitDefaults, [instance]: entry.id } });
      });
      ctx.out(`git now gets "${entry.name}" for ${entry.instance} when several tokens could answer.`);
    });
};
