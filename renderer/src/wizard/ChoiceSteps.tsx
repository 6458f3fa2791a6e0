// Purpose → scopes → expiry: the choices, each explained, least privilege first.
import { useEffect, useId } from 'react';
import type { DraftFields } from '../../../electron/api';
import { ExpiryPicker } from '../components/ExpiryPicker';
import { addDays } from '../lib/dates';
import { useLifetimeLimit } from '../lib/lifetime';
import { PURPOSES, purposeById, SCOPES, scopeWarnings } from '../lib/scopes';
import { useApp } from '../store';
import { CREDENTIALS, isCredentialKind, ownerFor, OWNER_WORDS, type CredentialKind } from './credential-kinds';
import { stepsComplete } from './steps';
import type { StepProps } from './Wizard';

const sameScopes = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

const KINDS: Array<{ kind: NonNullable<DraftFields['kind']>; label: string; hint: string }> = [
  { kind: 'personal', label: 'Personal access token', hint: 'Acts as you. Made on GitLab’s page; Token Vault opens it pre-filled.' },
  { kind: 'project', label: 'Project access token', hint: 'Acts as a bot in one project. Can be made here with a stored token that may (Maintainer).' },
  { kind: 'group', label: 'Group access token', hint: 'Acts as a bot in a group and its projects (Owner).' },
];

/** The least-privilege scopes a credential kind starts with (gitlab/credential-create.ts defaults). */
const STARTING_SCOPES: Partial<Record<CredentialKind, string[]>> = { deploy: ['read_registry'], 'service-account': ['read_api'], 'oauth-app': ['read_user'] };

export function PurposeStep({ fields, update, go, focusAddress }: StepProps) {
  const purposeName = useId();
  const kindName = useId();
  const ownerName = useId();
  const credential = isCredentialKind(fields.kind) ? fields.kind : null;
  const needsTarget = credential ? fields.owner !== 'instance' : fields.kind === 'project' || fields.kind === 'group';
  const targetKind = credential ? fields.owner : fields.kind;
  const ready = stepsComplete(fields, null).purpose;
  // Another kind starts from its own least-privilege scopes; an access token again from the purpose's.
  const chooseKind = (kind: NonNullable<DraftFields['kind']>) => {
    if (isCredentialKind(kind)) update({ kind, owner: ownerFor(kind, fields.owner), scopes: STARTING_SCOPES[kind] ?? [] });
    else update(credential ? { kind, scopes: purposeById(fields.purpose)?.scopes ?? [] } : { kind });
  };
  const choosePurpose = (id: string) => {
    const p = purposeById(id);
    // Scopes chosen by hand, or carried over from the token being replaced, stay; the purpose only
    // fills them in while they are empty or still another purpose's recommendation.
    const current = fields.scopes ?? [];
    const recommended = purposeById(fields.purpose)?.scopes ?? [];
    const untouched = current.length === 0 || (!fields.replaces && sameScopes(current, recommended));
    update(untouched ? { purpose: id, scopes: p?.scopes ?? [] } : { purpose: id });
  };
  return (
    <form className="form-grid" onSubmit={(e) => { e.preventDefault(); if (ready) go(credential ? 'details' : 'scopes'); }}>
      <div className="purpose-grid">
      {credential ? (
        <fieldset>
          <legend>It belongs to</legend>
          {CREDENTIALS[credential].owners.map((o) => (
            <label key={o} className="option">
              <input type="radio" name={ownerName} checked={fields.owner === o} onChange={() => update({ owner: o })} />
              <span>{OWNER_WORDS[o]}</span>
            </label>
          ))}
          <p className="muted">{CREDENTIALS[credential].hint}</p>
        </fieldset>
      ) : (
      <fieldset>
        <legend>What is the token for?{fields.replaces ? <small className="muted"> (optional: the scopes of the token it replaces are kept)</small> : null}</legend>
        {PURPOSES.map((p) => (
          <label key={p.id} className="option">
            <input type="radio" name={purposeName} checked={fields.purpose === p.id} onChange={() => choosePurpose(p.id)} />
            <span>{p.label}</span>
          </label>
        ))}
      </fieldset>
      )}
      <fieldset>
        <legend>Kind of token</legend>
        {KINDS.map((k) => (
          <label key={k.kind} className="option">
            <input type="radio" name={kindName} checked={fields.kind === k.kind} onChange={() => chooseKind(k.kind)} />
            <span>{k.label} <small className="muted">{k.hint}</small></span>
          </label>
        ))}
        {/* A replacement stays the kind it replaces. */}
        {!fields.replaces ? (
          <details className="more-kinds" open={!!credential}>
            <summary>Other GitLab credentials</summary>
            {(Object.keys(CREDENTIALS) as CredentialKind[]).map((k) => (
              <label key={k} className="option">
                <input type="radio" name={kindName} checked={fields.kind === k} onChange={() => chooseKind(k)} />
                <span>{CREDENTIALS[k].label}</span>
              </label>
            ))}
          </details>
        ) : null}
      </fieldset>
      </div>
      <div className="instance-row">
      <label className="field"><span>GitLab address</span><input autoFocus={focusAddress} value={fields.instance ?? ''} placeholder="https://gitlab.com" onChange={(e) => update({ instance: e.target.value })} /></label>
      {needsTarget ? (
        <label className="field"><span>{targetKind === 'project' ? 'Project path' : 'Group path'}</span><input value={fields.target ?? ''} placeholder={targetKind === 'project' ? 'group/project' : 'group'} onChange={(e) => update({ target: e.target.value })} /></label>
      ) : null}
      <label className="field"><span>Token name</span><input value={fields.name ?? ''} maxLength={200} placeholder="ci-clone-backend" onChange={(e) => update({ name: e.target.value })} /></label>
      </div>
      <div className="form-actions"><button type="submit" className="primary" disabled={!ready}>{credential ? 'Next: details' : 'Next: scopes'}</button></div>
    </form>
  );
}

export function ScopesStep({ fields, update, go }: StepProps) {
  const purpose = purposeById(fields.purpose);
  const chosen = fields.scopes ?? [];
  const warnings = scopeWarnings(chosen, fields.kind ?? 'personal');
  const bots = fields.kind === 'project' || fields.kind === 'group';
  const toggle = (s: string) => update({ scopes: chosen.includes(s) ? chosen.filter((x) => x !== s) : [...chosen, s] });
  const recommended = new Set(purpose?.scopes ?? []);
  const shown = SCOPES.filter((s) => !(bots && s.notForBots));
  return (
    <form className="form-grid" onSubmit={(e) => { e.preventDefault(); if (chosen.length) go('expiry'); }}>
      {purpose && purpose.scopes.length ? <p className="recommendation"><strong>Recommended: {purpose.scopes.join(', ')}.</strong> {purpose.why}</p> : null}
      <fieldset className="scope-list">
        <legend>Scopes</legend>
        {shown.map((s) => (
          <label key={s.scope} className={`option scope-${s.risk}`}>
            <input type="checkbox" checked={chosen.includes(s.scope)} onChange={() => toggle(s.scope)} />
            <span><code>{s.scope}</code>{recommended.has(s.scope) ? <span className="chip chip-active">recommended</span> : null}{s.risk === 'high' ? <span className="chip chip-expired">powerful</span> : s.risk === 'write' ? <span className="chip chip-expiring">can write</span> : null}<br /><small className="muted">{s.plain}</small></span>
          </label>
        ))}
      </fieldset>
      {warnings.length ? <ul className="warning" role="note">{warnings.map((w) => <li key={w}>{w}</li>)}</ul> : null}
      <div className="form-actions">
        <button type="button" onClick={() => go('purpose')}>Back</button>
        <button type="submit" className="primary" disabled={!chosen.length}>Next: expiry</button>
      </div>
    </form>
  );
}

export function ExpiryStep({ fields, update, go }: StepProps) {
  // Any stored, live token of the same instance can ask for the limit; an administrator's reads the instance's own.
  const asker = useApp((s) => s.entries.find((e) => e.instance === fields.instance && !e.revoked && e.status !== 'expired'));
  const limit = useLifetimeLimit(asker?.id);
  useEffect(() => {
    if (limit && fields.expiresAt && fields.expiresAt > addDays(limit.maxDays)) update({ expiresAt: addDays(limit.maxDays) });
  }, [limit, fields.expiresAt, update]);
  return (
    <form className="form-grid" onSubmit={(e) => { e.preventDefault(); if (fields.expiresAt) go('create'); }}>
      <p className="muted">Shorter is safer; Token Vault reminds you before it expires.</p>
      <ExpiryPicker value={fields.expiresAt ?? null} onChange={(d) => update({ expiresAt: d })} limit={limit} />
      <div className="form-actions">
        <button type="button" onClick={() => go('scopes')}>Back</button>
        <button type="submit" className="primary" disabled={!fields.expiresAt}>Next: create</button>
      </div>
    </form>
  );
}
