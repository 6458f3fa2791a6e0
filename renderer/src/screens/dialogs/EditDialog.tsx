import { useEffect, useState, type FormEvent } from 'react';
import type { EditDraft, Entry } from '../../../../electron/api';
import { call, messageOf } from '../../client';
import { Dialog } from '../../components/Dialog';
import { KIND_LABELS } from '../../lib/kinds';
import { readLeadDays } from '../../lib/lead-days';
import { useApp } from '../../store';

const KIND_CHOICES = Object.entries(KIND_LABELS) as Array<[Entry['kind'], string]>;

const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);

/**
 * `focus`: opened from an error that blames the GitLab address, or from "Set the date…", so it
 * starts there. `draft`: the fields left unsaved when the vault locked (LockGuard), restored.
 */
export function EditDialog({ entry, onClose, focus, draft }: { entry: Entry; onClose(): void; focus?: 'instance' | 'expiry'; draft?: EditDraft['fields'] }) {
  const initial: EditDraft['fields'] = {
    name: entry.name,
    instance: entry.instance ?? '',
    kind: entry.kind,
    description: entry.description,
    expiresAt: entry.expiresAt ?? '',
    // Without a date: "not known yet" (reminders cannot fire) or "it has none" (a risk, said so).
    neverExpires: entry.status === 'never',
    scopes: entry.scopes.join(', '),
    usedIn: entry.usedIn.join('\n'),
    leadDays: entry.leadDays?.join(', ') ?? '',
    rotateEvery: entry.facts?.rotateEveryDays ? String(entry.facts.rotateEveryDays) : '',
  };
  const [fields, setFields] = useState<EditDraft['fields']>(draft ?? initial);
  const field = <K extends keyof EditDraft['fields']>(key: K) => (value: EditDraft['fields'][K]) => setFields((f) => ({ ...f, [key]: value }));
  const { name, instance, kind, description, expiresAt, neverExpires: never, scopes, usedIn, leadDays: leadText, rotateEvery } = fields;
  const setName = field('name'), setInstance = field('instance'), setKind = field('kind'), setDescription = field('description');
  const setExpiresAt = field('expiresAt'), setNever = field('neverExpires'), setScopes = field('scopes'), setUsedIn = field('usedIn'), setLead = field('leadDays');
  const setRotateEvery = field('rotateEvery');
  // Unsaved changes are kept main-side as they are typed, so an idle lock (which cannot ask)
  // keeps them too; a lock asked for by the person asks first (LockGuard).
  const dirty = JSON.stringify(fields) !== JSON.stringify(initial);
  useEffect(() => {
    useApp.getState().setEditing({ id: entry.id, dirty });
    const timer = setTimeout(() => {
      // "Discard changes and lock" ends the editing first: a save still pending from the last
      // keystroke must not put back, between the discard and the lock, what was just thrown away.
      if (useApp.getState().editing?.id !== entry.id) return;
      void call('editDraftSave', { draft: dirty ? { id: entry.id, fields } : null }).catch(() => undefined);
    }, 300);
    return () => clearTimeout(timer);
  }, [fields, dirty, entry.id]);
  const finish = () => {
    useApp.getState().setEditing(null);
    void call('editDraftSave', { draft: null }).catch(() => undefined);
    onClose();
  };
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
      finish();
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  };

  return (
    <Dialog title={`Edit “${entry.name}”`} onClose={finish} wide>
      <form onSubmit={save} className="form-grid">
        {draft ? <p className="note draft-restored" role="status" data-testid="draft-restored">Your unsaved changes from before the vault locked are back. Save them, or Cancel to drop them.</p> : null}
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
          <button type="button" onClick={finish}>Cancel</button>
          <button type="submit" className="primary" disabled={busy}>Save</button>
        </div>
      </form>
    </Dialog>
  );
}
