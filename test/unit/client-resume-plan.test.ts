import { parse, print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { AFTER_VARIABLE, CURSOR_ALIAS, planResume } from '../../client/src/index.js';

const normalize = (query: string) => print(parse(query));

describe('resume plans', () => {
  it('keeps a document that already passes $after and selects cursor', () => {
    const query =
      'subscription S($roomId: ID!, $after: String) { messageAdded(roomId: $roomId, after: $after) { id cursor } }';
    expect(planResume(query)).toEqual({
      query,
      field: 'messageAdded',
      cursorKey: 'cursor',
      stripCursor: false,
      afterVariable: 'after',
      defaultAfter: null,
      room: { variable: 'roomId', defaultValue: null },
    });
  });

  it('adds the cursor under an alias to strip, and `after` as a variable when absent', () => {
    const plan = planResume('subscription { live: messageAdded(roomId: "r1") { body } }')!;
    expect(normalize(plan.query)).toBe(
      normalize(
        `subscription ($${AFTER_VARIABLE}: String) { live: messageAdded(roomId: "r1", after: $${AFTER_VARIABLE}) { body ${CURSOR_ALIAS}: cursor } }`,
      ),
    );
    expect(plan).toMatchObject({ field: 'live', cursorKey: CURSOR_ALIAS, stripCursor: true, room: { value: 'r1' } });
    expect(plan.defaultAfter).toBeNull();
  });

  it('turns a literal `after` into the variable, starting from the literal', () => {
    const plan = planResume('subscription { messageAdded(roomId: "r", after: "c1") { cursor } }')!;
    expect(plan.afterVariable).toBe(AFTER_VARIABLE);
    expect(plan.defaultAfter).toBe('c1');
    expect(plan.query).toContain(`after: $${AFTER_VARIABLE}`);
    expect(plan.query).not.toContain('"c1"');
  });

  it("reads a variable's default", () => {
    const plan = planResume(
      'subscription ($r: ID! = "r9", $a: String = "c9") { messageAdded(roomId: $r, after: $a) { id } }',
    )!;
    expect(plan).toMatchObject({ afterVariable: 'a', defaultAfter: 'c9', room: { variable: 'r', defaultValue: 'r9' } });
  });

  it('picks the named operation of a document with several, keeping its fragments', () => {
    const query = `
      query Q { me { id } }
      subscription S($roomId: ID!) { messageAdded(roomId: $roomId) { ...M } }
      fragment M on Message { id body }`;
    expect(planResume(query)).toBeNull(); // several operations and no name: not ours to guess
    const plan = planResume(query, 'S')!;
    expect(plan.query).toContain('fragment M on Message');
    expect(plan.query).toContain(`${CURSOR_ALIAS}: cursor`);
  });

  it('leaves every other operation alone', () => {
    for (const query of [
      'query { room(id: "r") { id } }',
      'subscription { messageUpdated(roomId: "r") { id } }',
      'subscription { ...F } fragment F on Subscription { messageAdded(roomId: "r") { id } }',
      'subscription {',
    ]) {
      expect(planResume(query)).toBeNull();
    }
  });
});
