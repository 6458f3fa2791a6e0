// A fast yes for dispatch's result check. zod checks each answer against the contract so a
// stray field never leaves the main side; for the token list that is 10,000 strict objects and
// about 300 ms of the window's wait after an unlock (zod's own machinery per field). This
// compiles a contract schema once into plain closures that accept exactly what the schema
// accepts — for the kinds of schema the results are made of: strings with length and pattern
// checks, finite numbers and safe integers with bounds, booleans, enums, literals, nullable,
// optional, arrays with length bounds, and STRICT objects (which zod's output copies key for
// key, so the value itself can cross). Anything else — a stripping object, a union, a default,
// a transform, a check it does not know — compiles to null, and zod alone checks that result.
// A value the closures refuse goes to zod too (for its message); only their yes is trusted, and
// tests/unit/contract-check.test.ts holds them to zod's answer on the entries' every edge.
import type { z } from 'zod';

type Check = (value: unknown) => boolean;

interface Def {
  type: string;
  checks?: { _zod: { def: CheckDef } }[];
  [key: string]: unknown;
}
interface CheckDef {
  check: string;
  [key: string]: unknown;
}

const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;

class Unsupported extends Error {}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Length bounds (strings and arrays) and patterns (strings); anything else is unsupported. */
function lengthAndPattern(checks: CheckDef[], allowPattern: boolean): (v: { length: number } & unknown) => boolean {
  const tests: ((v: { length: number }) => boolean)[] = [];
  for (const c of checks) {
    if (c.check === 'max_length') tests.push((v) => v.length <= (c.maximum as number));
    else if (c.check === 'min_length') tests.push((v) => v.length >= (c.minimum as number));
    else if (c.check === 'length_equals') tests.push((v) => v.length === (c.length as number));
    else if (allowPattern && c.check === 'string_format' && c.format === 'regex' && c.pattern instanceof RegExp) {
      const pattern = c.pattern;
      tests.push((v) => {
        pattern.lastIndex = 0;
        return pattern.test(v as unknown as string);
      });
    } else throw new Unsupported(c.check);
  }
  return (v) => tests.every((t) => t(v));
}

function numberChecks(def: Def): Check {
  const checks = (def.checks ?? []).map((c) => c._zod.def);
  // z.int() carries its format on the schema itself; z.number().int() as a check.
  if (def.check === 'number_format') checks.unshift(def as unknown as CheckDef);
  const tests: ((v: number) => boolean)[] = [];
  for (const c of checks) {
    if (c.check === 'number_format' && c.format === 'safeint') tests.push((v) => Number.isSafeInteger(v));
    else if (c.check === 'greater_than') tests.push(c.inclusive ? (v) => v >= (c.value as number) : (v) => v > (c.value as number));
    else if (c.check === 'less_than') tests.push(c.inclusive ? (v) => v <= (c.value as number) : (v) => v < (c.value as number));
    else throw new Unsupported(c.check);
  }
  return (v) => typeof v === 'number' && Number.isFinite(v) && tests.every((t) => t(v));
}

function compile(schema: unknown): Check {
  const def = defOf(schema);
  if (def.coerce) throw new Unsupported('coercion');
  const checks = (def.checks ?? []).map((c) => c._zod.def);
  switch (def.type) {
    case 'string': {
      const ok = lengthAndPattern(checks, true);
      return (v) => typeof v === 'string' && ok(v);
    }
    case 'number':
      return numberChecks(def);
    case 'boolean':
      if (checks.length) throw new Unsupported('boolean check');
      return (v) => typeof v === 'boolean';
    case 'enum': {
      if (checks.length) throw new Unsupported('enum check');
      const values = new Set(Object.values(def.entries as Record<string, unknown>));
      return (v) => values.has(v);
    }
    case 'literal': {
      if (checks.length) throw new Unsupported('literal check');
      const values = new Set(def.values as unknown[]);
      return (v) => values.has(v);
    }
    case 'nullable': {
      if (checks.length) throw new Unsupported('nullable check');
      const inner = compile(def.innerType);
      return (v) => v === null || inner(v);
    }
    case 'optional': {
      if (checks.length) throw new Unsupported('optional check');
      const inner = compile(def.innerType);
      return (v) => v === undefined || inner(v);
    }
    case 'array': {
      const element = compile(def.element);
      const ok = lengthAndPattern(checks, false);
      // By index, as zod reads it: every() would skip a sparse array's holes.
      return (v) => {
        if (!Array.isArray(v) || !ok(v)) return false;
        for (let i = 0; i < v.length; i++) if (!element(v[i])) return false;
        return true;
      };
    }
    case 'object': {
      // Only strict objects: zod strips a non-strict object's unknown keys, so the value could not cross as it is.
      if (checks.length || !def.catchall || defOf(def.catchall).type !== 'never') throw new Unsupported('non-strict object');
      const shape = def.shape as Record<string, unknown>;
      const fields = Object.keys(shape).map((key) => [key, compile(shape[key])] as const);
      const known = new Set(Object.keys(shape));
      return (v) => {
        if (!isPlainObject(v)) return false;
        for (const key in v) if (!known.has(key)) return false;
        for (const [key, check] of fields) if (!check(v[key])) return false;
        return true;
      };
    }
    default:
      throw new Unsupported(def.type);
  }
}

const compiled = new WeakMap<object, Check | null>();

/** The schema's fast yes, or null when it is made of something this does not compile (zod then checks alone). */
export function fastAccept(schema: z.ZodType): Check | null {
  let check = compiled.get(schema);
  if (check === undefined) {
    try {
      check = compile(schema);
    } catch (error) {
      if (!(error instanceof Unsupported)) throw error;
      check = null;
    }
    compiled.set(schema, check);
  }
  return check;
}
