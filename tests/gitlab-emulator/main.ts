// `npm run gitlab-emulator [-- --port N]`: a seeded emulator for trying the app by hand and
// for the UI's preview server. Prints its URL and the seeded tokens (test secrets, not real).
import { addDays, isoDay } from './state';
import { start } from './server';

const portArg = process.argv.indexOf('--port');
const port = Number(portArg >= 0 ? process.argv[portArg + 1] : (process.env.GITLAB_EMULATOR_PORT ?? 3081));

const emulator = await start({ port });
const today = isoDay(new Date());
emulator.addProject('acme/app', { alice: 40 });
emulator.addGroup('acme', { alice: 50 });
const admin = emulator.issueToken({ username: 'root', admin: true, name: 'admin', scopes: ['api', 'sudo', 'admin_mode'] });
const user = emulator.issueToken({ username: 'alice', name: 'alice-api', scopes: ['api', 'read_user'], expiresAt: addDays(today, 90) });
const soon = emulator.issueToken({ username: 'alice', name: 'ci-registry', scopes: ['read_registry'], expiresAt: addDays(today, 5) });
const project = emulator.issueToken({ username: 'alice', kind: 'project', target: 'acme/app', name: 'deploy-bot', scopes: ['read_api', 'read_repository'] });

const lines = {
  url: emulator.url,
  admin: { username: 'root', token: admin.secret },
  user: { username: 'alice', token: user.secret },
  expiringSoon: { username: 'alice', token: soon.secret },
  projectToken: { project: 'acme/app', token: project.secret },
};
process.stdout.write(process.argv.includes('--json') ? `${JSON.stringify(lines)}\n` : [
  `GitLab emulator listening on ${emulator.url}`,
  `  admin  root   ${admin.secret}`,
  `  user   alice  ${user.secret}`,
  `  alice's token expiring in 5 days  ${soon.secret}`,
  `  project acme/app token  ${project.secret}`,
  'Ctrl-C stops it.',
  '',
].join('\n'));

const stop = () => void emulator.stop().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
