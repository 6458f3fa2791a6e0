import { useState, type FormEvent } from 'react';
import type { Entry } from '../../../../electron/api';
import { call, messageOf } from '../../client';
import { Dialog } from '../../components/Dialog';
import { KIND_LABELS } from '../../lib/kinds';
import { readLeadDays } from '../../lib/lead-days';
import { useApp } from '../../store';

const KIND_CHOICES = Object.entries(KIND_LABELS) as Array<[Entry['kind'], string]>;

const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);

/** `focus`: opened from an error that blames the GitLab address, or from "Set the date…", so it starts there. */
export function EditDialog({ entry, onClose, focus }: { entry: Entry; onClose(): void; focus?: 'instance' | 'expiry' }) {
  const [name, setName] = useState(entry.name);
  const [instance, setInstance] = useState(entry.instance ?? '');
  const [kind, setKind] = useState<Entry['kind']>(entry.kind);
  const [description, setDescription] = useState(entry.description);
  const [expiresAt, setExpiresAt] = useState(entry.expiresAt ?? '');
  // Without a date: "not known yet" (reminders cannot fire) or "it has none" (a risk, said so).
  const [never, setNever] = useState(entry.status === 'never');
  const [scopes, setScopes] = useState(entry.scopes.join(', '));
  const [usedIn, setUsedIn] = useState(entry.usedIn.join('\n'));
  const [leadText, setLead] = useState(entry.leadDays?.join(', ') ?? '');
  const [rotateEvery, setRotateEvery] = useState(entry.facts?.rotateEveryDays ? String(entry.facts.rotateEveryDays) : '');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    // Blank means the vault's default; anything else must read, or nothing is saved.
    const lead = leadText.trim() ? readLeadDays(leadText) : null;
    if (lead && !lead.ok) return setError(`Reminders: ${lead.error}`);
    const every = rotateEvery.trim() ? Number(rotateEvery.trim()) : null;
    if (every !== null && (!Number.isInteger(every) || every < 1 || every > 3660)) return setError('Rotate every: a whole number of days from 1 to 3660, or blank for no reminder.');
    setBusy(true);
    setError('');
    try {
      const updated = await call('tokensUpdate', {
        id: entry.id,
        patch: {
          name,
          instance: instance.trim() || null,
          kind,
          description,
          expiresAt: expiresAt || null,
          ...(expiresAt ? {} : { neverExpires: never ? true : null }),
          scopes: scopes.split(/[\s,]+/).filter(Boolean),
          usedIn: lines(usedIn),
          leadDays: lead ? lead.days : null,
          // Only a secret without an expiry date has a rotation reminder; a patch of null clears it.
          ...(expiresAt ? {} : { facts: { rotateEveryDays: every } }),
        },
      });
      useApp.getState().upsertEntry(updated);
      onClose();
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  };

  return (
    <Dialog title={`Edit “${entry.name}”`} onClose={onClose} wide>
      <form onSubmit={save} className="form-grid">
        <label className="field"><span>Name</span><input autoFocus={focus === undefined} required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} /></label>
        <label className="field"><span>GitLab address</span><input autoFocus={focus === 'instance'} value={instance} placeholder="https://gitlab.example.com (blank: not a GitLab token)" onChange={(e) => setInstance(e.target.value)} spellCheck={false} /></label>
        <label className="field"><span>Kind</span>
          <select value={kind} onChange={(e) => setKind(e.target.value as Entry['kind'])}>
            {KIND_CHOICES.map(([k, label]) => <option key={k} value={k}>{label}</option>)}
          </select>
        </label>
        <label className="field"><span>Expiry date</span><input type="date" autoFocus={focus === 'expiry'} value={expiresAt} onChange={(e) => setExpiresAt(e.target.value)} /></label>
        {expiresAt ? null : (
          <label className="check">
            <input type="checkbox" checked={never} onChange={(e) => setNever(e.target.checked)} />
            <span>It never expires (it has no expiry date on GitLab). Unticked: the date is not known yet.</span>
          </label>
        )}
        <label className="field"><span>Scopes (comma separated)</span><input value={scopes} onChange={(e) => setScopes(e.target.value)} /></label>
        <label className="field"><span>Description</span><textarea rows={2} maxLength={2000} value={description} onChange={(e) => setDescription(e.target.value)} /></label>
        <label className="field"><span>Remind me this many days before it expires</span><input value={leadText} placeholder="The vault's default (Settings)" onChange={(e) => setLead(e.target.value)} /></label>
        {expiresAt ? null : (
          <label className="field"><span>Remind me to rotate it every this many days (it never expires)</span><input inputMode="numeric" value={rotateEvery} placeholder="No reminder" onChange={(e) => setRotateEvery(e.target.value)} /></label>
        )}
        <label className="field"><span>Where it is used (one per line)</span><textarea rows={4} value={usedIn} onChange={(e) => setUsedIn(e.target.value)} /></label>
        {error ? <p className="field-error" role="alert">{error}</p> : null}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="primary" disabled={busy}>Save</button>
        </div>
      </form>
    </Dialog>
  );
}
