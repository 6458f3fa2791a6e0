// CI/CD variables of projects and groups, as lib/api/ci/variables.rb and lib/api/group_variables.rb
// answer them: list, GET and PUT one variable by key. Managing them needs Maintainer in a project
// (admin_build), Owner in a group (admin_cicd_variables): below it 403; a project or group the user
// cannot see is 404; an unknown key is 404 "Variable Not Found".
// A key may exist once per environment scope. lib/api/helpers/variables_helpers.rb `find_variable`
// answers 409 "There are multiple variables with provided parameters. Please use
// 'filter[environment_scope]'" when the key matches several; a project's GET and PUT use it, a
// group's GET too, but a group's PUT without `filter` updates whichever variable the key finds
// first (group_variables.rb keeps that for compatibility). PUT never sets `masked_and_hidden`: it
// is a create-only parameter, and `hidden` stays as it was.
import { forbidden, msg, paginate, param, type Route, type RouteContext } from './routes-common';
import type { EmTarget } from './state';

export interface EmVariable {
  key: string;
  value: string;
  masked: boolean;
  protected: boolean;
  /** Masked and hidden (create only): the value is never shown again. */
  hidden: boolean;
  raw: boolean;
  description: string | null;
  variable_type: 'env_var' | 'file';
  environment_scope: string;
}

/** Where a variable lives in the state: one entry per key and environment scope. */
export const variableKey = (kind: 'project' | 'group', targetId: number, key: string, scope = '*') =>
  `${kind}:${targetId}:${key}${scope === '*' ? '' : `@${scope}`}`;

/** app/models/concerns/ci/maskable.rb: what a masked value may be (raw values: any 8+ non-space characters). */
const MASKABLE = /^[a-zA-Z0-9_+=/@:.~-]{8,}$/;
const MASKABLE_RAW = /^\S{8,}$/;

const entity = (v: EmVariable) => ({ ...v, value: v.hidden ? null : v.value });

export function variableRoutes(kind: 'project' | 'group'): Route[] {
  const base = kind === 'project' ? 'projects' : 'groups';
  const minLevel = kind === 'project' ? 40 : 50;
  const guard = (ctx: RouteContext): EmTarget | ReturnType<typeof msg> => {
    const target = ctx.state.findTarget(kind, ctx.params[0] ?? '');
    const admin = ctx.state.actsAsAdmin(ctx.token);
    if (!target || (!admin && !target.members.has(ctx.token.userId))) return msg(404, `404 ${kind === 'project' ? 'Project' : 'Group'} Not Found`);
    if (!admin && (target.members.get(ctx.token.userId) ?? 0) < minLevel) return forbidden();
    return target;
  };
  const all = (ctx: RouteContext, target: EmTarget) =>
    [...ctx.state.variables.entries()].filter(([k]) => k.startsWith(`${kind}:${target.id}:`)).map(([, v]) => v);
  const filterScope = (ctx: RouteContext): string | undefined => {
    const filter = ctx.body['filter'];
    const fromBody = filter && typeof filter === 'object' ? (filter as Record<string, unknown>)['environment_scope'] : undefined;
    return (typeof fromBody === 'string' ? fromBody : undefined) ?? ctx.query.get('filter[environment_scope]') ?? undefined;
  };
  const hasFilter = (ctx: RouteContext) => ctx.body['filter'] !== undefined || ctx.query.has('filter[environment_scope]');
  /** find_variable: the key's variables, narrowed by the filter; several is a conflict. */
  const find = (ctx: RouteContext, target: EmTarget, lenient = false): EmVariable | 'conflict' | undefined => {
    const key = decodeURIComponent(ctx.params[1] ?? '');
    const scope = filterScope(ctx);
    const found = all(ctx, target).filter((v) => v.key === key && (scope === undefined || v.environment_scope === scope));
    if (found.length > 1 && !lenient) return 'conflict';
    return found[0];
  };
  const conflict = () => msg(409, "There are multiple variables with provided parameters. Please use 'filter[environment_scope]'");
  const pattern = new RegExp(`^/${base}/([^/]+)/variables/([^/]+)$`);
  return [
    {
      method: 'GET', pattern: new RegExp(`^/${base}/([^/]+)/variables$`), since: '9.5', scopes: ['api', 'read_api'],
      handle(ctx) {
        const target = guard(ctx);
        if (!('id' in target)) return target;
        return paginate(all(ctx, target).map(entity), ctx);
      },
    },
    {
      method: 'GET', pattern, since: '9.5', scopes: ['api', 'read_api'],
      handle(ctx) {
        const target = guard(ctx);
        if (!('id' in target)) return target;
        const v = find(ctx, target);
        if (v === 'conflict') return conflict();
        return v ? { status: 200, json: entity(v) } : msg(404, '404 Variable Not Found');
      },
    },
    {
      method: 'PUT', pattern, since: '9.5', scopes: ['api'],
      handle(ctx) {
        const target = guard(ctx);
        if (!('id' in target)) return target;
        // group_variables.rb: without `filter` a group's PUT takes whichever variable the key finds.
        const v = find(ctx, target, kind === 'group' && !hasFilter(ctx));
        if (v === 'conflict') return conflict();
        if (!v) return msg(404, '404 Variable Not Found');
        const value = param(ctx, 'value');
        if (typeof value !== 'string') return { status: 400, json: { error: 'value is missing' } };
        const flag = (name: 'masked' | 'protected' | 'raw'): boolean => {
          const given = param(ctx, name);
          return given === undefined ? v[name] : given === true || given === 'true';
        };
        const next = { masked: flag('masked'), protected: flag('protected'), raw: flag('raw') };
        if ((next.masked || v.hidden) && !(next.raw ? MASKABLE_RAW : MASKABLE).test(value)) return msg(400, { value: ['is invalid'] });
        Object.assign(v, next, { value });
        const description = param(ctx, 'description');
        if (typeof description === 'string') v.description = description;
        return { status: 200, json: entity(v) };
      },
    },
  ];
}
