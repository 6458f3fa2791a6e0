// `tokenvault identify`: what a found token is (its prefix), whether this vault holds it (every
// stored secret compared in constant time, none printed), and what GitLab says about it — asked
// with the token itself, or an administrator's stored token (--using) through the token information
// API; --revoke revokes it with the right call. The token comes on standard input or a prompt,
// never as an argument (it would land in the shell's history and the process list).
import { isGitLabError } from '../gitlab/errors';
import { entriesHolding } from '../vault/find-secret';
import { tokenShape } from '../vault/token-shape';
import { addressForMessage } from '../vault/address-message';
import { CliError, EXIT, type RegisterCommands } from './context';

export const registerIdentifyCommand: RegisterCommands = (program, ctx) => {
  program
    .command('identify')
    .description('say what a found token is, whether the vault holds it, and what GitLab says; the token is read from standard input or a prompt')
    .option('--prefix <text>', 'identify by the start of a token only (as seen in a log): its kind, and the stored tokens that start so')
    .option('--instance <url>', 'the GitLab to ask (default: the instance of the stored token that matches)')
    .option('--using <ref>', "an administrator's stored token: ask GitLab's token information API (17.5+), which knows every kind of token")
    .option('--revoke', 'revoke it on GitLab (with --using: as the administrator; else the token revokes itself)')
    .option('--json', 'one JSON document')
    .action(async (opts: { prefix?: string; instance?: string; using?: string; revoke?: boolean; json?: boolean }) => {
      if (opts.prefix !== undefined && opts.revoke) throw new CliError(EXIT.usage, '--revoke needs the whole token, not --prefix.');
      const vault = await ctx.openUnlocked();
      const raw = opts.prefix ?? (await ctx.prompt.secret('Token to identify'));
      const secret = raw.trim();
      if (!secret) throw new CliError(EXIT.usage, 'No token was given.');
      const shape = tokenShape(secret);
      const kind = shape ? `${shape.label}${shape.prefix ? ` (${shape.prefix})` : ''}` : 'not a GitLab token prefix';
      const ids = opts.prefix !== undefined ? vault.list().filter((e) => vault.readSecret(e.id).startsWith(secret)).map((e) => e.id) : entriesHolding(vault, secret);
      const held = ids.map((id) => vault.get(id));
      const report: Record<string, unknown> = { kind: shape?.label ?? null, prefix: shape?.prefix ?? null, customPrefix: shape?.customPrefix ?? false, inVault: held.map((e) => ({ id: e.id, name: e.name })) };
      const lines = [`Kind: ${kind}.`, held.length ? `In this vault: ${held.map((e) => `"${e.name}"`).join(', ')}${opts.prefix !== undefined ? ' (starting so)' : ''}.` : 'In this vault: no stored token has it.'];
      const instance = opts.instance ?? held.find((e) => e.instance)?.instance ?? null;
      if (opts.prefix === undefined && instance) {
        const [{ GitLabClient }, { identifyOnGitLab, revokeFound }, { normaliseInstance }] = await Promise.all([import('../gitlab/client'), import('./../gitlab/identify'), import('../vault/types')]);
        const address = normaliseInstance(instance);
        if (!address) throw new CliError(EXIT.usage, `"${addressForMessage(instance)}" is not a GitLab address; write it like https://gitlab.example.com.`);
        const client = new GitLabClient({ instance: address });
        try {
          const adminSecret = opts.using ? vault.readSecret(vault.find(opts.using).id) : null;
          const found = await identifyOnGitLab(client, secret, adminSecret);
          lines.push(`GitLab: ${found.said}`);
          Object.assign(report, { instance: address, gitlab: found.said, live: found.live, tokenId: found.token?.id ?? null });
          if (opts.revoke && found.live !== false) {
            const done = await revokeFound(client, secret, adminSecret);
            for (const e of held) vault.update(e.id, { revoked: true, gitlab: { active: false, revoked: true } }, { at: new Date().toISOString(), action: 'revoked', note: 'Revoked on GitLab by tokenvault identify --revoke.' });
            lines.push(done);
            report['revoked'] = true;
          } else if (opts.revoke) lines.push('Nothing to revoke: GitLab no longer accepts it.');
          else if (found.live) lines.push(`To revoke it: tokenvault identify --revoke${opts.using ? ` --using ${opts.using}` : ''}${opts.instance ? ` --instance ${opts.instance}` : ''} (the token again on standard input).`);
        } catch (err) {
          if (isGitLabError(err)) throw new CliError(EXIT.gitlab, err.message);
          throw err;
        } finally {
          await client.close();
        }
      } else if (opts.prefix === undefined) lines.push('GitLab: not asked — name the instance with --instance.');
      if (opts.json) ctx.json(report);
      else for (const l of lines) ctx.out(l);
    });
};
