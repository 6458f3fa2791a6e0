// GitLab cannot create a personal token for oneself over the API (except k8s_proxy and
// self_rotate), so the app opens GitLab's own "new token" page with name and scopes filled in.
// There is no expiry parameter; unknown scopes are dropped by GitLab without a word.
import { addressForMessage, normaliseInstance } from '../vault/types';

export interface PrefillInput {
  kind: 'personal' | 'project' | 'group';
  /** Full path of the project ("group/sub/project") or group, for their tokens. */
  projectPath?: string;
  name?: string;
  description?: string;
  scopes?: string[];
  /** Instances before GitLab 16.x use the /-/profile/ address. */
  legacy?: boolean;
}

export function newTokenPageUrl(instance: string, input: PrefillInput): string {
  const origin = normaliseInstance(instance);
  if (!origin) throw new Error(`"${addressForMessage(instance)}" is not a GitLab address.`);
  let path: string;
  if (input.kind !== 'personal') {
    const target = (input.projectPath ?? '').replace(/^\/+|\/+$/g, '');
    if (!target) throw new Error(`A ${input.kind} token page needs the ${input.kind}'s path.`);
    const encoded = target.split('/').map(encodeURIComponent).join('/');
    path = input.kind === 'project' ? `/${encoded}/-/settings/access_tokens` : `/groups/${encoded}/-/settings/access_tokens`;
  } else {
    path = input.legacy ? '/-/profile/personal_access_tokens' : '/-/user_settings/personal_access_tokens';
  }
  const query = new URLSearchParams();
  if (input.name) query.set('name', input.name);
  if (input.description) query.set('description', input.description);
  if (input.scopes?.length) query.set('scopes', input.scopes.join(','));
  const q = query.toString();
  return `${origin}${path}${q ? `?${q}` : ''}`;
}
