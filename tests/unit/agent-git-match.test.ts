// Which token git gets for a URL: host and protocol, URL roots, project paths (useHttpPath),
// the per-instance default, and what is never offered (revoked, expired, no git scope).
import { describe, expect, it } from 'vitest';
import { entriesForHost, expiryUtc, gitUsername, matchCredential } from '../../electron/agent/git-match';
import type { EntryOverview } from '../../electron/vault/types';

const NOW = new Date('2026-06-01T12:00:00Z');
let n = 0;
function entry(name: string, instance: string | null, extra: Partial<EntryOverview> = {}, gitlab: Partial<EntryOverview['gitlab']> = {}): EntryOverview {
  n += 1;
  return {
    id: `id-${n}`,
    name,
    kind: 'personal',
    instance,
    scopes: [],
    expiresAt: null,
    description: '',
    usedIn: [],
    leadDays: null,
    createdAt: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
    lastVerifiedAt: null,
    lastUsedAt: null,
    revoked: false,
    gitlab: { tokenId: null, userId: null, username: null, target: null, accessLevel: null, active: null, revoked: null, ...gitlab },
    pendingRotation: null, followUp: null,
    history: [],
    ...extra,
  };
}
const names = (m: ReturnType<typeof matchCredential>) => (m.kind === 'one' ? m.entry.name : m.kind === 'ambiguous' ? m.names : null);

describe('matchCredential', () => {
  it('answers by protocol and host (default ports folded), never for another host or plain http', () => {
    const entries = [entry('com', 'https://gitlab.com'), entry('self', 'https://git.example.org:8443')];
    expect(names(matchCredential(entries, {}, { protocol: 'https', host: 'gitlab.com' }, NOW))).toBe('com');
    expect(names(matchCredential(entries, {}, { protocol: 'https', host: 'GitLab.com:443' }, NOW))).toBe('com');
    expect(names(matchCredential(entries, {}, { protocol: 'https', host: 'git.example.org:8443' }, NOW))).toBe('self');
    expect(matchCredential(entries, {}, { protocol: 'https', host: 'git.example.org' }, NOW)).toEqual({ kind: 'none' });
    expect(matchCredential(entries, {}, { protocol: 'http', host: 'gitlab.com' }, NOW)).toEqual({ kind: 'none' });
    expect(matchCredential(entries, {}, { protocol: 'https', host: 'github.com' }, NOW)).toEqual({ kind: 'none' });
  });

  it('a GitLab under a relative URL root answers only for paths under that root', () => {
    const entries = [entry('a', 'https://example.com/gitlab'), entry('b', 'https://example.com/other')];
    expect(names(matchCredential(entries, {}, { protocol: 'https', host: 'example.com', path: 'gitlab/group/p.git' }, NOW))).toBe('a');
    expect(names(matchCredential(entries, {}, { protocol: 'https', host: 'example.com', path: 'other/x.git' }, NOW))).toBe('b');
    expect(matchCredential(entries, {}, { protocol: 'https', host: 'example.com', path: 'gitlabx/p.git' }, NOW)).toEqual({ kind: 'none' });
  });

  it('a GitLab under a URL root owns the paths under it, even when the host\'s top level holds a token too', () => {
    const top = entry('top', 'https://example.com');
    const rooted = entry('rooted', 'https://example.com/gitlab');
    const other = entry('other', 'https://example.com/other');
    const entries = [top, rooted, other];
    const at = (path: string) => names(matchCredential(entries, {}, { protocol: 'https', host: 'example.com', path }, NOW));
    expect(at('gitlab/group/proj.git')).toBe('rooted');
    expect(at('other/x.git')).toBe('other');
    expect(at('group/proj.git')).toBe('top');
    expect(at('gitlabx/proj.git')).toBe('top');
    // Only a GitLab under another root: nothing for /gitlab.
    expect(matchCredential([other], {}, { protocol: 'https', host: 'example.com', path: 'gitlab/group/proj.git' }, NOW)).toEqual({ kind: 'none' });
    // No path (git without useHttpPath): every root of the host could answer; a default marked on any of them decides.
    expect(names(matchCredential(entries, {}, { protocol: 'https', host: 'example.com' }, NOW))).toEqual(['other', 'rooted', 'top']);
    expect(names(matchCredential(entries, { 'https://example.com/gitlab': rooted.id }, { protocol: 'https', host: 'example.com' }, NOW))).toBe('rooted');
  });

  it('with the repository path, the project or group token for it wins, the most specific first; other projects\' tokens are not offered', () => {
    const entries = [
      entry('mine', 'https://gitlab.com'),
      entry('group', 'https://gitlab.com', { kind: 'group' }, { target: 'acme' }),
      entry('project', 'https://gitlab.com', { kind: 'project' }, { target: 'acme/tools/cli' }),
      entry('elsewhere', 'https://gitlab.com', { kind: 'project' }, { target: 'other/thing' }),
    ];
    const at = (path: string) => names(matchCredential(entries, {}, { protocol: 'https', host: 'gitlab.com', path }, NOW));
    expect(at('acme/tools/cli.git')).toBe('project');
    expect(at('ACME/tools/cli.git')).toBe('project');
    expect(at('acme/web.git')).toBe('group');
    expect(at('someone/else.git')).toBe('mine');
  });

  it('several candidates: the instance default, else the one personal token, else ambiguous with the names', () => {
    const a = entry('a', 'https://gitlab.com', { kind: 'project' });
    const b = entry('b', 'https://gitlab.com', { kind: 'project' });
    expect(matchCredential([a, b], {}, { protocol: 'https', host: 'gitlab.com' }, NOW)).toEqual({ kind: 'ambiguous', names: ['a', 'b'], instance: 'https://gitlab.com' });
    expect(names(matchCredential([a, b], { 'https://gitlab.com': b.id }, { protocol: 'https', host: 'gitlab.com' }, NOW))).toBe('b');
    const p = entry('p', 'https://gitlab.com');
    expect(names(matchCredential([a, b, p], {}, { protocol: 'https', host: 'gitlab.com' }, NOW))).toBe('p');
  });

  it('never offers revoked or expired tokens, nor ones whose known scopes cannot do git; honours a username in the URL', () => {
    const entries = [
      entry('revoked', 'https://gitlab.com', { revoked: true }),
      entry('expired', 'https://gitlab.com', { expiresAt: '2026-05-01' }),
      entry('api-less', 'https://gitlab.com', { scopes: ['read_api'] }),
      entry('alice', 'https://gitlab.com', { scopes: ['read_repository'] }, { username: 'alice' }),
      entry('bob', 'https://gitlab.com', { scopes: ['write_repository'] }, { username: 'bob' }),
    ];
    expect(names(matchCredential(entries, {}, { protocol: 'https', host: 'gitlab.com', username: 'bob' }, NOW))).toBe('bob');
    expect(names(matchCredential(entries, {}, { protocol: 'https', host: 'gitlab.com' }, NOW))).toEqual(['alice', 'bob']);
    expect(entriesForHost(entries, { protocol: 'https', host: 'gitlab.com' })).toHaveLength(5);
  });

  it('username: the GitLab (or deploy token) user name when known, else oauth2; expiry in epoch seconds', () => {
    expect(gitUsername(entry('x', null))).toBe('oauth2');
    expect(gitUsername(entry('x', null, { kind: 'deploy' }, { username: 'gitlab+deploy-token-7' }))).toBe('gitlab+deploy-token-7');
    expect(expiryUtc(entry('x', null, { expiresAt: '2027-01-02' }))).toBe(Date.UTC(2027, 0, 2) / 1000);
    expect(expiryUtc(entry('x', null))).toBeNull();
  });
});
