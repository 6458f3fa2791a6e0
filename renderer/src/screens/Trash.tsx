// The Trash: deleted tokens wait here for 30 days (as in 1Password and Bitwarden) — out of the
// list, the calendar, reminders and git — and can be restored whole, or deleted for good now.
// Each row says the day it goes for good.
import { useCallback, useEffect, useState } from 'react';
import type { Entry } from '../../../electron/api';
import { call, messageOf } from '../client';
import { ActionTable } from '../components/ActionTable';
import { Dialog } from '../components/Dialog';
import { formatDay, formatInstant } from '../lib/dates';
import { count } from '../lib/plural';
import { useApp } from '../store';

const DAY_MS = 24 * 60 * 60 * 1000;
const purgeDay = (trashedAt: string, keepDays: number) => new Date(Date.parse(trashedAt) + keepDays * DAY_MS).toISOString().slice(0, 10);

type Confirm = { kind: 'one'; entry: Entry } | { kind: 'all' } | null;

export function Trash() {
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const [keepDays, setKeepDays] = useState(30);
  const [error, setError] = useState('');
  const [confirm, setConfirm] = useState<Confirm>(null);
  const [busy, setBusy] = useState(false);
  // A synced vault's replicas (and a git remote's history) still hold what was synced: say so before deleting.
  const synced = useApp((s) => (s.sync ? s.sync.state !== 'off' : false));

  const load = useCallback(async () => {
    try {
      const t = await call('trashList', {});
      setEntries(t.entries);
      setKeepDays(t.keepDays);
    } catch (e) {
      setError(messageOf(e));
    }
  }, []);
  useEffect(() => void load(), [load]);

  const restore = async (entry: Entry) => {
    setError('');
    try {
      const back = await call('trashRestore', { id: entry.id });
      const { upsertEntry, toast } = useApp.getState();
      upsertEntry(back);
      toast({ tone: 'success', text: back.name === entry.name ? `Restored “${back.name}”.` : `Restored as “${back.name}”: another token has its name now.`, entryId: back.id });
      await load();
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const deleteForGood = async () => {
    if (!confirm) return;
    setBusy(true);
    try {
      if (confirm.kind === 'one') await call('trashDeleteNow', { id: confirm.entry.id });
      else await call('trashEmpty', {});
      useApp.getState().toast({ tone: 'info', text: confirm.kind === 'one' ? `Deleted “${confirm.entry.name}” for good.` : 'Emptied the Trash.' });
      setConfirm(null);
      await load();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="page trash" aria-labelledby="trash-title">
      <div className="page-header">
        <h1 id="trash-title">Trash</h1>
        {entries?.length ? <button type="button" className="danger subtle" onClick={() => setConfirm({ kind: 'all' })}>Empty Trash…</button> : null}
      </div>
      <p className="muted">Deleted tokens stay here for {keepDays} days, then they are deleted for good. While here they get no reminders and git cannot use them.</p>
      {error ? <p className="field-error" role="alert">{error}</p> : null}
      <ActionTable
        className="trash-table"
        items={entries}
        columns={['Token', 'Deleted', 'Goes for good']}
        rowKey={(e) => e.id}
        empty="The Trash is empty."
        cells={(e) => [
          <><strong className="trash-name">{e.name}</strong>{e.instance ? <><br /><small className="muted">{e.instance.replace(/^https:\/\//, '')}</small></> : null}</>,
          formatInstant(e.trashedAt!),
          formatDay(purgeDay(e.trashedAt!, keepDays)),
        ]}
        actions={(e) => (
          <>
            <button type="button" onClick={() => void restore(e)} aria-label={`Restore “${e.name}”`}>Restore</button>
            <button type="button" className="danger subtle" onClick={() => setConfirm({ kind: 'one', entry: e })} aria-label={`Delete “${e.name}” now`}>Delete now…</button>
          </>
        )}
      />
      {confirm ? (
        <Dialog
          title={confirm.kind === 'one' ? `Delete “${confirm.entry.name}” for good?` : `Delete ${count(entries?.length ?? 0, 'token')} for good?`}
          onClose={() => setConfirm(null)}
          description={`It cannot be restored from the Trash afterwards; only a backup made earlier still holds it. Deleting here changes nothing on GitLab.${synced ? ' This vault syncs: the sync place (its folder, or the git remote and its history) still holds the secret, sealed, and it opens with the master password of that time — revoke or rotate it on GitLab.' : ''}`}
        >
          <div className="dialog-actions">
            <button type="button" autoFocus onClick={() => setConfirm(null)}>Keep</button>
            <button type="button" className="danger" disabled={busy} onClick={() => void deleteForGood()}>Delete for good</button>
          </div>
        </Dialog>
      ) : null}
    </section>
  );
}
