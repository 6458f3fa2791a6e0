// "Ask before a secret leaves the vault": the app's allow/deny question when git or a script
// asks the agent for a token, or a program asks for a change that silences a promise. Deny is the default button and what Escape or closing picks.
import type { BrowserWindow, Dialog } from 'electron';
import type { ReleaseQuestion } from '../agent/agent-methods';

const PURPOSE: Record<ReleaseQuestion['purpose'], string> = { git: 'git', run: 'a program started by "tokenvault run"', copy: 'the clipboard', show: 'a terminal', gitlab: 'GitLab', refused: 'nowhere (refused)', changed: 'nobody (a change)' };

export function createReleasePrompt(dialog: Pick<Dialog, 'showMessageBox'>, window: () => BrowserWindow | null) {
  return async (question: ReleaseQuestion): Promise<boolean> => {
    const program = question.peer.exe ? ` (${question.peer.exe}, pid ${question.peer.pid})` : question.peer.pid ? ` (pid ${question.peer.pid})` : '';
    const options = {
      type: 'question' as const,
      buttons: ['Deny', 'Allow'],
      defaultId: 0,
      cancelId: 0,
      noLink: true,
      title: 'Token Vault',
      // A change a program asks for (agent/socket-acts.ts) hands nothing out: the question says what it does.
      message: question.purpose === 'changed' ? `Let a program change "${question.entryName}"?` : `Give "${question.entryName}" to ${PURPOSE[question.purpose]}?`,
      detail: `${question.command}${program}`,
    };
    const parent = window();
    const { response } = parent ? await dialog.showMessageBox(parent, options) : await dialog.showMessageBox(options);
    return response === 1;
  };
}
