// The Team view. In a personal vault: your identity, and make or join a team vault. In a team
// vault: a changed key said loudly at the top, the members, adding one, what removed members
// still know (with Rotate all of them), your identity, and syncing with the team.
import { useCallback, useEffect, useState } from 'react';
import type { TeamStatus, TeamSyncNotice } from '../../../electron/api';
import { call, codeOf, messageOf } from '../client';
import { useApp } from '../store';
import { Exposed } from './Exposed';
import { TeamActivity } from './TeamActivity';
import { IdentityCard } from './IdentityCard';
import { InviteForm } from './InviteForm';
import { Members } from './Members';
import { TeamStart } from './TeamStart';
import { useTeamNotices } from './notices';
import { sentence } from './words';
import './team.css';
import { formatDay } from '../lib/dates';

export function TeamView() {
  const [team, setTeam] = useState<TeamStatus | null | undefined>(undefined);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [synced, setSynced] = useState(0);
  const { warnings, refused, take, dismiss } = useTeamNotices();
  const load = useCallback(() => call('teamStatus', {}).then(setTeam, (e) => setError(messageOf(e))), []);
  useEffect(() => void load(), [load]);
  // A team sync the app ran by itself may have changed the members or what a leaver still knows.
  useEffect(() => window.tokenVault.on('teamSynced', () => void load()), [load]);
  const changed = (notice: TeamSyncNotice) => {
    take(notice);
    setSynced((n) => n + 1);
    if (notice.offline) useApp.getState().toast({ tone: 'warning', text: `Not synced with the team: ${notice.offline}` });
    void load();
  };
  const syncNow = async () => {
    setBusy(true);
    setError('');
    try {
      const notice = await call('teamSyncNow', {});
      changed(notice);
      if (!notice.offline) useApp.getState().toast({ tone: 'success', text: notice.changed ? `Synced with the team: ${notice.changed} changed.` : 'Synced with the team; nothing new.' });
    } catch (e) {
      // Removed since the last look: the status now says so, and the button goes.
      if (codeOf(e) === 'REMOVED') void load();
      else setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  if (team === undefined) return <section className="page" aria-busy="true">{error ? <p className="field-error" role="alert">{error}</p> : null}</section>;
  return (
    <section className="page team-page" aria-labelledby="team-title">
      <div className="page-header">
        <h1 id="team-title">{team ? `Team ${team.teamName}` : 'Team'}</h1>
        {team && !team.removedMe ? <button type="button" disabled={busy} onClick={() => void syncNow()}>{busy ? 'Syncing…' : 'Sync with the team'}</button> : null}
      </div>
      {warnings.map((w) => (
        <div key={w} className="key-warning" role="alert" data-testid="key-warning">
          <strong>Key changed</strong>
          <p>{sentence(w)}</p>
          <button type="button" onClick={() => dismiss(w)}>I compared the fingerprint with them</button>
        </div>
      ))}
      {refused.map((r) => <p key={r} className="warning" role="alert">{r}</p>)}
      {error ? <p className="field-error" role="alert">{error}</p> : null}
      {team === null ? (
        <>
          <TeamStart />
          <IdentityCard />
        </>
      ) : (
        <>
          {team.removedMe ? (
            <div className="warning removed-notice" role="status" data-testid="removed-notice">
              <strong>This copy no longer syncs with the team.</strong>
              <p>You were removed from {team.teamName} by {team.removedMe.by} on {formatDay(team.removedMe.at.slice(0, 10))}. What it holds stays readable here; nothing you change reaches the team, and nothing new from them reaches you.</p>
            </div>
          ) : null}
          {team.removedMe ? null : (
            <p className="muted">
              {team.role === null
                ? 'The team’s member list no longer names you: a manager removed you. What this copy holds stays readable here; nothing new reaches it.'
                : `You are a ${team.role} of this team. It syncs through ${team.place.kind === 'git' ? 'the git remote' : 'the folder'} `}
              {team.role === null ? null : <code>{team.place.where}</code>}
            </p>
          )}
          <Exposed team={team} onRotated={() => void load()} />
          <Members team={team} onChanged={changed} />
          {team.role === 'manager' ? <InviteForm onDone={(n) => { changed(n); useApp.getState().toast({ tone: 'success', text: 'Added. They can join now: Team → Join a team vault, with the same place.' }); }} /> : null}
          <TeamActivity key={synced} pageSize={20} card />
          <IdentityCard />
        </>
      )}
    </section>
  );
}
