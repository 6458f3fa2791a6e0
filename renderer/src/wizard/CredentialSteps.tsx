// Details → Create & store for the other GitLab credentials (issue 22). Each kind asks only for what
// GitLab needs of it, least privilege first; Create sends it all to main in one call, which makes the
// credential with a stored token and stores the secret in the same step (gitlab/credential-create.ts):
// the secret never comes to this window, and the wizard cannot be closed while the call is out.
import { useId, useRef, useState } from 'react';
import { call, problemOf, type Problem } from '../client';
import { discardDraft } from './draft-calls';
import { ExpiryPicker } from '../components/ExpiryPicker';
import { ProblemText } from '../components/ProblemText';
import { formatDay } from '../lib/dates';
import { useApp } from '../store';
import { CREDENTIALS, DEPLOY_USES, detailsMissing, isCredentialKind, NEEDS_EXPIRY, OAUTH_SCOPES, OPTIONAL_EXPIRY, OWNER_WORDS, SERVICE_ACCOUNT_SCOPES, takesExpiry } from './credential-kinds';
import type { StepProps } from './Wizard';

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));
const positive = (s: string): number | null => (/^\d{1,12}$/.test(s) && Number(s) > 0 ? Number(s) : null);

export function DetailsStep({ fields, update, go }: StepProps) {
  const useName = useId();
  // The text as typed (a trailing comma included); the draft keeps the tags it names.
  const [tagText, setTagText] = useState((fields.tags ?? []).join(', '));
  const kind = isCredentialKind(fields.kind) ? fields.kind : null;
  if (!kind) return null;
  const missing = detailsMissing(fields);
  const chosen = fields.scopes ?? [];
  const toggle = (s: string) => update({ scopes: chosen.includes(s) ? chosen.filter((x) => x !== s) : [...chosen, s] });
  const scopeBoxes = (list: string[]) => (
    <fieldset className="scope-list">
      <legend>Scopes</legend>
      {list.map((s, i) => (
        <label key={s} className="option">
          <input type="checkbox" checked={chosen.includes(s)} onChange={() => toggle(s)} />
          <span><code>{s}</code>{i === 0 ? <span className="chip chip-active">recommended</span> : null}{s === 'api' ? <span className="chip chip-expired">powerful</span> : null}</span>
        </label>
      ))}
    </fieldset>
  );
  return (
    <form className="form-grid" onSubmit={(e) => { e.preventDefault(); if (!missing.length) go('create'); }}>
      {kind === 'deploy' ? (
        <>
          <fieldset>
            <legend>What will it do?</legend>
            {DEPLOY_USES.map((u) => (
              <label key={u.id} className="option">
                <input type="radio" name={useName} checked={sameSet(chosen, u.scopes)} onChange={() => update({ scopes: u.scopes })} />
                <span>{u.label}</span>
              </label>
            ))}
          </fieldset>
          <label className="field"><span>Username <small className="muted">(optional; GitLab makes gitlab+deploy-token-N)</small></span><input value={fields.username ?? ''} maxLength={255} onChange={(e) => update({ username: e.target.value })} /></label>
        </>
      ) : null}
      {kind === 'trigger' ? (
        <label className="field"><span>Description <small className="muted">(shown in the project’s CI/CD settings)</small></span><input value={fields.description ?? ''} maxLength={255} placeholder={fields.name} onChange={(e) => update({ description: e.target.value })} /></label>
      ) : null}
      {kind === 'runner' ? (
        <>
          <label className="field"><span>Tags <small className="muted">(comma-separated; with tags the runner takes only jobs that ask for them)</small></span>
            <input value={tagText} placeholder="docker, linux" onChange={(e) => { setTagText(e.target.value); update({ tags: e.target.value.split(',').map((t) => t.trim()).filter(Boolean).slice(0, 50) }); }} />
          </label>
          <label className="option"><input type="checkbox" checked={!!fields.paused} onChange={(e) => update({ paused: e.target.checked })} /><span>Create it paused (it takes no jobs until you resume it)</span></label>
        </>
      ) : null}
      {kind === 'agent' ? (
        <label className="field"><span>Agent id <small className="muted">(Operate → Kubernetes clusters in the project)</small></span><input inputMode="numeric" value={fields.agentId ?? ''} onChange={(e) => update({ agentId: positive(e.target.value) })} /></label>
      ) : null}
      {kind === 'webhook' ? (
        <label className="field"><span>Webhook id <small className="muted">(Settings → Webhooks; its secret token is replaced)</small></span><input inputMode="numeric" value={fields.hookId ?? ''} onChange={(e) => update({ hookId: positive(e.target.value) })} /></label>
      ) : null}
      {kind === 'service-account' ? (
        <>
          <label className="field"><span>Service account username <small className="muted">(optional)</small></span><input value={fields.username ?? ''} maxLength={255} onChange={(e) => update({ username: e.target.value })} /></label>
          {scopeBoxes(SERVICE_ACCOUNT_SCOPES)}
        </>
      ) : null}
      {kind === 'oauth-app' ? (
        <>
          <label className="field"><span>Redirect URI</span><input type="url" value={fields.redirectUri ?? ''} placeholder="https://app.example.com/oauth/callback" onChange={(e) => update({ redirectUri: e.target.value.trim() })} /></label>
          {scopeBoxes(OAUTH_SCOPES)}
        </>
      ) : null}
      {NEEDS_EXPIRY.has(kind) ? (
        <ExpiryPicker value={fields.expiresAt ?? null} onChange={(d) => update({ expiresAt: d })} />
      ) : OPTIONAL_EXPIRY.has(kind) ? (
        <>
          <ExpiryPicker value={fields.expiresAt ?? null} onChange={(d) => update({ expiresAt: d })} />
          <p className="muted">
            Optional. GitLab keeps an expiry for trigger tokens since it added one (GitLab merge request 146912); an older GitLab ignores the date, and the
            stored token then shows none. Without one, set a rotation reminder on its page once it is stored.
            {fields.expiresAt ? <> <button type="button" className="link" onClick={() => update({ expiresAt: null })}>No expiry</button></> : null}
          </p>
        </>
      ) : kind === 'agent' || kind === 'webhook' || kind === 'oauth-app' ? (
        <p className="muted">GitLab gives a {CREDENTIALS[kind].label.toLowerCase()} no expiry: set a rotation reminder on its page once it is stored.</p>
      ) : null}
      {missing.length ? <p className="muted" role="note">Still needed: {missing.join(', ')}.</p> : null}
      <div className="form-actions">
        <button type="button" onClick={() => go('purpose')}>Back</button>
        <button type="submit" className="primary" disabled={missing.length > 0}>Next: create</button>
      </div>
    </form>
  );
}

export function CredentialCreateStep({ fields, update, go, stored, editAddress, setBusy }: StepProps) {
  const entries = useApp((s) => s.entries);
  const [error, setError] = useState<Problem | null>(null);
  const [busy, setLocalBusy] = useState(false);
  const inFlight = useRef(false);
  const kind = isCredentialKind(fields.kind) ? fields.kind : null;
  // A person's live token on the same GitLab that may act through the API (a runner also takes create_runner).
  const creators = entries.filter((e) => e.instance === fields.instance && (e.kind === 'personal' || e.kind === 'service-account') && !e.revoked && e.status !== 'expired' && (e.scopes.includes('api') || (kind === 'runner' && e.scopes.includes('create_runner'))));
  const usingId = creators.some((c) => c.id === fields.usingId) ? fields.usingId! : (creators[0]?.id ?? '');
  if (!kind) return null;
  const owner = fields.owner ?? CREDENTIALS[kind].owners[0]!;

  const create = async () => {
    if (inFlight.current || !usingId) return;
    inFlight.current = true; // a double-click must not make two
    setLocalBusy(true);
    setBusy(true);
    setError(null);
    try {
      const entry = await call('gitlabCreateCredential', {
        usingId, kind, owner, name: fields.name ?? '',
        ...(owner !== 'instance' ? { target: fields.target ?? '' } : {}),
        ...(fields.scopes?.length && (kind === 'deploy' || kind === 'service-account' || kind === 'oauth-app') ? { scopes: fields.scopes } : {}),
        ...(fields.expiresAt && takesExpiry(kind) ? { expiresAt: fields.expiresAt } : {}),
        ...(fields.description ? { description: fields.description } : {}),
        ...(fields.username ? { username: fields.username } : {}),
        ...(kind === 'runner' ? { tags: fields.tags ?? [], paused: !!fields.paused } : {}),
        ...(kind === 'agent' && fields.agentId ? { agentId: fields.agentId } : {}),
        ...(kind === 'webhook' && fields.hookId ? { hookId: fields.hookId } : {}),
        ...(kind === 'oauth-app' ? { redirectUri: fields.redirectUri ?? '' } : {}),
        ...(fields.usedIn?.length ? { usedIn: fields.usedIn } : {}),
      });
      await discardDraft();
      stored(entry);
    } catch (e) {
      setError(problemOf(e));
    } finally {
      inFlight.current = false;
      setLocalBusy(false);
      setBusy(false);
    }
  };

  return (
    <div className="form-grid">
      <dl className="facts summary">
        <dt>Kind</dt><dd>{CREDENTIALS[kind].label}</dd>
        <dt>Name</dt><dd>{fields.name}</dd>
        <dt>Where</dt><dd>{fields.instance} · {owner === 'instance' ? OWNER_WORDS.instance.toLowerCase() : `${owner} ${fields.target ?? ''}`}</dd>
        {fields.scopes?.length && (kind === 'deploy' || kind === 'service-account' || kind === 'oauth-app') ? <><dt>Scopes</dt><dd>{fields.scopes.join(', ')}</dd></> : null}
        {kind === 'runner' ? <><dt>Tags</dt><dd>{fields.tags?.length ? fields.tags.join(', ') : 'none (runs untagged jobs)'}{fields.paused ? ' · paused' : ''}</dd></> : null}
        {kind === 'agent' ? <><dt>Agent</dt><dd>id {fields.agentId}</dd></> : null}
        {kind === 'webhook' ? <><dt>Webhook</dt><dd>id {fields.hookId}</dd></> : null}
        {NEEDS_EXPIRY.has(kind) ? <><dt>Expires</dt><dd>{fields.expiresAt ? formatDay(fields.expiresAt) : '—'}</dd></> : null}
        {OPTIONAL_EXPIRY.has(kind) ? <><dt>Expires</dt><dd>{fields.expiresAt ? formatDay(fields.expiresAt) : 'never (no date given)'}</dd></> : null}
      </dl>
      {creators.length ? (
        <div className="choice-card">
          <h3>Create it here</h3>
          <p className="muted">GitLab shows the secret once: Token Vault stores it in the same step, without showing it. If storing fails, the new credential is revoked on GitLab again.</p>
          <label className="field"><span>Using the stored token</span>
            <select value={usingId} disabled={busy} onChange={(e) => update({ usingId: e.target.value })}>{creators.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}</select>
          </label>
          <button type="button" className="primary" disabled={busy} onClick={() => void create()}>{busy ? 'Creating and storing…' : 'Create and store'}</button>
        </div>
      ) : (
        <p className="warning" role="note">To make a {CREDENTIALS[kind].label.toLowerCase()} here, store a personal access token with the api scope for {fields.instance} first; GitLab’s API needs a person’s token for it.</p>
      )}
      {error ? <ProblemText problem={error} onFix={editAddress} /> : null}
      <div className="form-actions">
        <button type="button" disabled={busy} onClick={() => go('details')}>Back</button>
      </div>
    </div>
  );
}
