/** Slots of a Redis Cluster: every key and shard channel hashes to one of them. */
export const CLUSTER_SLOTS = 16_384;

/** CRC16-CCITT (XMODEM), the checksum Redis Cluster hashes keys with. */
function crc16(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

/**
 * The slot of a key or shard channel, as CLUSTER KEYSLOT computes it: only the part inside the
 * first non-empty `{…}` counts when there is one (a hash tag, which keeps keys on one slot).
 */
export function keySlot(key: string): number {
  const bytes = Buffer.from(key, 'utf8');
  const open = bytes.indexOf(0x7b); // {
  const close = open >= 0 ? bytes.indexOf(0x7d, open + 1) : -1; // }
  const hashed = close > open + 1 ? bytes.subarray(open + 1, close) : bytes;
  return crc16(hashed) % CLUSTER_SLOTS;
}
