// CI/CD variables of projects and groups, as lib/api/ci/variables.rb and
// lib/api/ci/group_variables.rb answer them: GET and PUT one variable by key. Managing them
// needs the admin_cicd_variables ability (Maintainer in a project, Owner in a group): below it
// 403; a project or group the user cannot see is 404; an unknown key is 404 "Variable Not Found".
import { forbidden, msg, param, type Route, type RouteContext } from './routes-common';
import type { EmTarget } from './state';

export interface EmVariable {
  key: string;
  value: string;
  masked: boolean;
  protected: boolean;
  variable_type: 'env_var' | 'file';
  environment_scope: string;
}

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
  const find = (ctx: RouteContext, target: EmTarget) => ctx.state.variables.get(`${kind}:${target.id}:${decodeURIComponent(ctx.params[1] ?? '')}`);
  const pattern = new RegExp(`^/${base}/([^/]+)/variables/([^/]+)$`);
  return [
    {
      method: 'GET', pattern, since: '9.5', scopes: ['api', 'read_api'],
      handle(ctx) {
        const target = guard(ctx);
        if (!('id' in target)) return target;
        const v = find(ctx, target);
        return v ? { status: 200, json: { ...v, raw: false, description: null } } : msg(404, '404 Variable Not Found');
      },
    },
    {
      method: 'PUT', pattern, since: '9.5', scopes: ['api'],
      handle(ctx) {
        const target = guard(ctx);
        if (!('id' in target)) return target;
        const v = find(ctx, target);
        if (!v) return msg(404, '404 Variable Not Found');
        const value = param(ctx, 'value');
        if (typeof value !== 'string') return { status: 400, json: { error: 'value is missing' } };
        // A masked variable's value must meet the masking rules (8+ characters, no spaces).
        if (v.masked && (value.length < 8 || /\s/.test(value))) return msg(400, { value: ['is invalid'] });
        v.value = value;
        for (const flag of ['masked', 'protected'] as const) {
          const given = param(ctx, flag);
          if (given !== undefined) v[flag] = given === true || given === 'true';
        }
        return { status: 200, json: { ...v, raw: false, description: null } };
      },
    },
  ];
}
