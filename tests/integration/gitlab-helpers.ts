// Shared by the GitLab integration tests: an emulator per file, clients with quick time-outs,
// and a way to catch the GitLabError a call must fail with (checking it leaks no secret).
import { expect } from 'vitest';
import { GitLabClient, type GitLabClientOptions } from '../../electron/gitlab/client';
import { GitLabError } from '../../electron/gitlab/errors';

export function quickClient(instance: string, extra: Partial<GitLabClientOptions> = {}): GitLabClient {
  return new GitLabClient({ instance, env: {}, timeoutMs: 2_000, retries: 2, backoffMs: 10, maxRetryWaitMs: 2_000, ...extra });
}

/** The GitLabError `call` fails with; its message is one sentence and holds none of `secrets`. */
export async function failure(call: Promise<unknown>, ...secrets: string[]): Promise<GitLabError> {
  let caught: unknown = null;
  try {
    await call;
  } catch (err) {
    caught = err;
  }
  expect(caught, 'the call should have failed').toBeInstanceOf(GitLabError);
  const err = caught as GitLabError;
  for (const s of secrets) expect(err.message).not.toContain(s);
  expect(err.message).not.toMatch(/glpat-/);
  expect(err.message.split(/\.\s+[A-Z]/).length).toBeLessThanOrEqual(2);
  return err;
}
