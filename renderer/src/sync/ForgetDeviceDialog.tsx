// Forgetting a device: its replica is ignored from now on. Said plainly before, because it is
// not a remote wipe: the device's own copy still opens with the master password it knew.
import { useState } from 'react';
import type { SyncDevice } from '../../../electron/api';
import { call, messageOf } from '../client';
import { Dialog } from '../components/Dialog';
import { useApp } from '../store';

export function ForgetDeviceDialog({ device, onClose }: { device: SyncDevice; onClose(): void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const forget = async () => {
    setBusy(true);
    try {
      await call('syncForget', { device: device.id });
      useApp.getState().toast({ tone: 'success', text: `Forgot ${device.name}: its replica is ignored from now on.` });
      onClose();
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
    }
  };
  return (
    <Dialog title={`Forget ${device.name}?`} onClose={onClose}>
      <p>Its replica is ignored from now on; what it synced before stays.</p>
      <p>
        <strong>Its own copy of the vault still opens with the master password it knew.</strong> If the device is lost or no longer yours, change the master password (below) and rotate the tokens it held.
      </p>
      {error ? <p className="field-error" role="alert">{error}</p> : null}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>Cancel</button>
        <button type="button" className="danger" autoFocus disabled={busy} onClick={() => void forget()}>Forget this device</button>
      </div>
    </Dialog>
  );
}
