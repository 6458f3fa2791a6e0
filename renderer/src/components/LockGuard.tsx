// Locking never throws work away without asking. Ctrl+L or Lock with an Edit holding unsaved
// changes asks first: keep editing, lock and keep the changes as a draft (sealed main-side with
// the vault's key, offered again after unlock), or discard them and lock. A minute before an
// idle lock the window says so and offers "Stay unlocked".
import { useEffect, useState } from 'react';
import { call } from '../client';
import { useApp } from '../store';
import { Dialog } from './Dialog';

/** Ctrl+L, the Lock button and the menu all come here. */
export function requestLock(): void {
  const { editing } = useApp.getState();
  if (editing?.dirty) {
    useApp.setState({ lockAsked: true });
    return;
  }
  void lockNow();
}

async function lockNow(discardDraft = false): Promise<void> {
  if (discardDraft) {
    useApp.getState().setEditing(null); // stops the edit's pending draft save (EditDialog)
    await call('editDraftSave', { draft: null }).catch(() => undefined);
  }
  const status = await call('vaultLock', {});
  useApp.getState().setStatus(status);
}

export function LockAskDialog() {
  const asked = useApp((s) => s.lockAsked);
  const editing = useApp((s) => s.editing);
  const name = useApp((s) => s.entries.find((e) => e.id === s.editing?.id)?.name ?? 'this token');
  if (!asked || !editing) return null;
  const close = () => useApp.setState({ lockAsked: false });
  return (
    <Dialog title="Lock with unsaved changes?" onClose={close} description={`Your changes to “${name}” are not saved yet.`}>
      <p className="muted">Kept as a draft, they are encrypted with the vault while it is locked and open again where you left them after you unlock.</p>
      <div className="dialog-actions">
        <button type="button" autoFocus onClick={close}>Keep editing</button>
        <button type="button" className="danger" onClick={() => void lockNow(true)}>Discard changes and lock</button>
        <button type="button" className="primary" onClick={() => void lockNow()}>Keep as draft and lock</button>
      </div>
    </Dialog>
  );
}

/** "Locking in 60 s": shown when main says an idle lock is near; Stay unlocked counts as activity. */
export function LockSoonBanner() {
  const [until, setUntil] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => window.tokenVault.on('lockSoon', ({ seconds }) => {
    setUntil(Date.now() + seconds * 1000);
    setNow(Date.now());
  }), []);
  useEffect(() => {
    if (until === null) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [until]);
  if (until === null) return null;
  const left = Math.max(0, Math.ceil((until - now) / 1000));
  if (left === 0) return null;
  const stay = () => {
    setUntil(null);
    void call('vaultStayUnlocked', {}).catch(() => undefined);
  };
  const editing = useApp.getState().editing?.dirty;
  return (
    <div className="warning lock-soon" role="alert" data-testid="lock-soon">
      <span>Locking in {left} s because nothing happened for a while.{editing ? ' Your unsaved edit will be kept as a draft.' : ''}</span>
      <button type="button" className="primary" onClick={stay}>Stay unlocked</button>
    </div>
  );
}
