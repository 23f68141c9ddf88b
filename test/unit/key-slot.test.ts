import { describe, expect, it } from 'vitest';
import { keySlot } from '../../src/platform/broker/key-slot.js';

/** Slots as Redis Cluster computes them (CLUSTER KEYSLOT; values from the cluster specification). */
describe('keySlot', () => {
  it('hashes whole keys with CRC16 modulo 16384', () => {
    expect(keySlot('123456789')).toBe(0x31c3);
    expect(keySlot('foo')).toBe(12182);
    expect(keySlot('bar')).toBe(5061);
  });

  it('hashes only the first non-empty hash tag', () => {
    expect(keySlot('{user1000}.following')).toBe(keySlot('{user1000}.followers'));
    expect(keySlot('foo{bar}{zap}')).toBe(keySlot('bar'));
    expect(keySlot('foo{{bar}}zap')).toBe(keySlot('{bar'));
    // An empty tag, or one never closed, leaves the whole key hashed.
    expect(keySlot('foo{}{bar}')).not.toBe(keySlot('bar'));
    expect(keySlot('{}x{y}')).toBe(2166);
    expect(keySlot('x{y')).toBe(2740);
  });

  it('keeps every presence key of a deployment on one slot', () => {
    expect(keySlot('{chat:d1:presence}:instances')).toBe(keySlot('{chat:d1:presence}:user:42:state'));
  });
});
