import { describe, expect, it } from 'vitest';
import { EVENTS, METHODS, METHOD_NAMES, isMethodName, qkd } from '../../firmware-protocol/index.ts';
import { loadProtoRoot } from '../support/reflect-samples.ts';

const root = loadProtoRoot();
const oneofOf = (type: string): Map<string, string> =>
  new Map(root.lookupType(type).oneofs.body.fieldsArray.map((f) => [f.name, f.resolvedType?.name ?? f.type]));

describe('method table', () => {
  it('has exactly one row per Request.body member of the .proto', () => {
    expect([...METHOD_NAMES].sort()).toEqual([...oneofOf('qkd.Request').keys()].sort());
  });

  it('pairs each request with the same-named Response.body member and its class', () => {
    const responses = oneofOf('qkd.Response');
    expect([...responses.keys()].sort()).toEqual([...METHOD_NAMES].sort());
    for (const m of METHOD_NAMES) expect(METHODS[m].response.name, m).toBe(responses.get(m));
  });

  it('lists each Event.body member with its class', () => {
    const events = oneofOf('qkd.Event');
    expect(Object.keys(EVENTS).sort()).toEqual([...events.keys()].sort());
    for (const [name, cls] of Object.entries(EVENTS)) expect(cls.name).toBe(events.get(name));
  });

  it('marks state-moving requests as not idempotent', () => {
    const notIdempotent = METHOD_NAMES.filter((m) => !METHODS[m].idempotent).sort();
    expect(notIdempotent).toEqual(['enterConsole', 'reset', 'runHistogram', 'start', 'startTagStream', 'syncEpoch']);
  });

  it('recognises method names', () => {
    expect(isMethodName('hello')).toBe(true);
    expect(isMethodName('toString')).toBe(false);
    expect(METHODS.configureSource.boards).toEqual([qkd.BoardKind.BOARD_KIND_PHOTON_SOURCE]);
  });
});
