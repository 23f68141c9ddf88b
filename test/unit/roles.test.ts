import { describe, expect, it } from 'vitest';
import { managesRoom, mayRemove, roleChanges } from '../../src/features/rooms/roles.js';

describe('room roles', () => {
  it('lets OWNER and ADMIN manage the room, not MEMBER', () => {
    expect([managesRoom('OWNER'), managesRoom('ADMIN'), managesRoom('MEMBER')]).toEqual([true, true, false]);
  });

  it('lets the OWNER remove anyone else and an ADMIN plain members only', () => {
    expect(mayRemove('OWNER', 'ADMIN')).toBe(true);
    expect(mayRemove('OWNER', 'MEMBER')).toBe(true);
    expect(mayRemove('OWNER', 'OWNER')).toBe(false);
    expect(mayRemove('ADMIN', 'MEMBER')).toBe(true);
    expect(mayRemove('ADMIN', 'ADMIN')).toBe(false);
    expect(mayRemove('ADMIN', 'OWNER')).toBe(false);
    expect(mayRemove('MEMBER', 'MEMBER')).toBe(false);
  });

  it('hands ownership over with the old OWNER stepping down first', () => {
    expect(roleChanges('o', 't', 'MEMBER', 'OWNER')).toEqual([
      { userId: 'o', role: 'ADMIN' },
      { userId: 't', role: 'OWNER' },
    ]);
  });

  it('changes nothing for a role a member has already, or the OWNER naming themselves OWNER', () => {
    expect(roleChanges('o', 't', 'ADMIN', 'ADMIN')).toEqual([]);
    expect(roleChanges('o', 'o', 'OWNER', 'OWNER')).toEqual([]);
  });

  it('refuses an OWNER stepping down without naming a successor', () => {
    expect(roleChanges('o', 'o', 'OWNER', 'ADMIN')).toBeNull();
    expect(roleChanges('o', 'o', 'OWNER', 'MEMBER')).toBeNull();
  });

  it('promotes and demotes others', () => {
    expect(roleChanges('o', 't', 'MEMBER', 'ADMIN')).toEqual([{ userId: 't', role: 'ADMIN' }]);
    expect(roleChanges('o', 't', 'ADMIN', 'MEMBER')).toEqual([{ userId: 't', role: 'MEMBER' }]);
  });
});
