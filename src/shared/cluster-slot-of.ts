/**
 * The Redis Cluster hash slot (0 … 16383) of a key: CRC16 (XMODEM) of its hash tag, the text
 * between the first `{` and the next `}` when that is not empty, else of the whole key.
 * @example clusterSlotOf('{tra}:inflight') // the slot of 'tra'
 */
export function clusterSlotOf(key: string): number {
  const open = key.indexOf('{');
  const close = open < 0 ? -1 : key.indexOf('}', open + 1);
  const hashed = close > open + 1 ? key.slice(open + 1, close) : key;
  return crc16(Buffer.from(hashed, 'utf8')) % 16384;
}

function crc16(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit += 1) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc;
}
