// Replace secret: for a token renewed (or re-created) on GitLab's website. The new token is
// pasted here and goes straight to main; the entry keeps its name, history and where-used,
// and is marked unverified until GitLab confirms the new one.
import { useState, type FormEvent } from 'react';
import type { Entry } from '../../../../electron/api';
import { call, messageOf } from '../../client';
import { Dialog } from '../../components/Dialog';
import { useApp } from '../../store';

export function ReplaceSecretDialog({ entry, onClose }: { entry: Entry; onClose(): void }) {
  const [secret, setSecret] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      const updated = await call('tokensReplaceSecret', { id: entry.id, secret });
      setSecret('');
      useApp.getState().upsertEntry(updated);
      useApp.getState().toast({ tone: 'success', text: `Stored the new token for “${entry.name}”. Verify it to confirm with GitLab.` });
      onClose();
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  };
  return (
    <Dialog title={`Replace the token in “${entry.name}”`} onClose={onClose} description="For a token you renewed or re-created on GitLab’s website. Its name, history and where it is used stay as they are.">
      <form onSubmit={save} className="form-grid">
        <label className="field">
          <span>New token</span>
          <input type="password" autoFocus autoComplete="off" spellCheck={false} value={secret} onChange={(e) => setSecret(e.target.value)} placeholder="glpat-…" />
        </label>
        {error ? <p className="field-error" role="alert">{error}</p> : null}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="primary" disabled={busy || !secret.trim()}>Replace token</button>
        </div>
      </form>
    </Dialog>
  );
}
