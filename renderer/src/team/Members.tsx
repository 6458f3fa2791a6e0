// The members, their roles and fingerprints; managers may change roles and remove people. The
// removal dialog says before it happens what a removal can and cannot take back.
import { useState } from 'react';
import type { TeamMember, TeamStatus, TeamSyncNotice } from '../../../electron/api';
import { call, messageOf } from '../client';
import { Dialog } from '../components/Dialog';
import { formatInstant } from '../lib/dates';
import { Fingerprint } from './Fingerprint';

export function Members({ team, onChanged }: { team: TeamStatus; onChanged(notice: TeamSyncNotice): void }) {
  const [removing, setRemoving] = useState<TeamMember | null>(null);
  const [busy, setBusy] = useState('');
  const [error, setError] = useState('');
  const manager = team.role === 'manager';
  const setRole = async (m: TeamMember, role: 'manager' | 'member') => {
    setBusy(m.fingerprint);
    setError('');
    try {
      onChanged(await call('teamPromote', { fingerprint: m.fingerprint, role }));
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy('');
    }
  };
  return (
    <section className="team-card" aria-labelledby="members-title">
      <h2 id="members-title">Members</h2>
      <table className="sync-devices team-members">
        <thead>
          <tr><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Fingerprint</th>{manager ? <th scope="col"><span className="sr-only">Actions</span></th> : null}</tr>
        </thead>
        <tbody>
          {team.members.map((m) => (
            <tr key={m.fingerprint} data-testid="member-row">
              <td>{m.name}{m.you ? <span className="muted"> (you)</span> : null}</td>
              <td><span className={`role-chip role-${m.role}`}>{m.role === 'manager' ? 'Manager' : 'Member'}</span></td>
              <td><Fingerprint value={m.fingerprint} label={`${m.name}’s fingerprint`} /></td>
              {manager ? (
                <td className="member-actions">
                  {m.you ? null : (
                    <>
                      <button type="button" disabled={busy !== ''} onClick={() => void setRole(m, m.role === 'manager' ? 'member' : 'manager')}>{m.role === 'manager' ? 'Make member' : 'Make manager'}</button>
                      <button type="button" className="danger" disabled={busy !== ''} onClick={() => setRemoving(m)}>Remove…</button>
                    </>
                  )}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      {team.removed.length ? (
        <p className="muted">Removed: {team.removed.map((r) => `${r.name} (by ${r.by}, ${formatInstant(r.at)})`).join('; ')}.</p>
      ) : null}
      {error ? <p className="field-error" role="alert">{error}</p> : null}
      {removing ? <RemoveDialog member={removing} teamName={team.teamName} onClose={() => setRemoving(null)} onRemoved={(n) => { setRemoving(null); onChanged(n); }} /> : null}
    </section>
  );
}

function RemoveDialog({ member, teamName, onClose, onRemoved }: { member: TeamMember; teamName: string; onClose(): void; onRemoved(notice: TeamSyncNotice): void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const remove = async () => {
    setBusy(true);
    setError('');
    try {
      onRemoved(await call('teamRemove', { fingerprint: member.fingerprint }));
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
    }
  };
  return (
    <Dialog title={`Remove ${member.name} from ${teamName}?`} onClose={onClose}>
      <p>The team moves to a new key sealed to the others only: nothing written from now on opens with {member.name}’s key, and their devices’ later changes are refused.</p>
      <p><strong>{member.name} still knows every token they could read until now</strong> — their copy and the place’s older files hold them. Only new secrets take those back: after removing, you can rotate all of them.</p>
      {error ? <p className="field-error" role="alert">{error}</p> : null}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>Cancel</button>
        <button type="button" className="danger" autoFocus disabled={busy} onClick={() => void remove()}>{busy ? 'Removing…' : `Remove ${member.name}`}</button>
      </div>
    </Dialog>
  );
}
