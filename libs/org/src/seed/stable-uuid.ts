const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

const hex32 = (n: number): string =>
  HEX[(n >>> 24) & 0xff] + HEX[(n >>> 16) & 0xff] + HEX[(n >>> 8) & 0xff] + HEX[n & 0xff];

/**
 * A deterministic uuid (version 4 layout, variant 1) from a name: cyrb128, a fast 128-bit string hash.
 * The seeder derives every id from the dataset and the row's natural key ("national:1:unit:VL-28756"), so the
 * same size and seed give the same ids on every run and machine, without a PRNG that depends on the order of work.
 * Not cryptographic: ids of generated data only.
 */
export function stableUuid(name: string): string {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < name.length; i++) {
    const k = name.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  const a = hex32(h1 >>> 0);
  const b = hex32(h2 >>> 0);
  const c = hex32((((h3 >>> 0) & 0x3fffffff) | 0x80000000) >>> 0);
  const d = hex32(h4 >>> 0);
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${c.slice(0, 4)}-${c.slice(4)}${d}`;
}

/**
 * Like stableUuid, but the first 48 bits are `ordinal` (uuid v7 layout, with the ordinal where v7 has the time):
 * rows written in ordinal order append to the primary-key index instead of landing all over it, which keeps
 * a 3,000,000-row load fast. The remaining 74 bits come from the name's hash.
 */
export function orderedUuid(ordinal: number, name: string): string {
  const h = stableUuid(name);
  const o = ordinal.toString(16).padStart(12, '0');
  return `${o.slice(0, 8)}-${o.slice(8, 12)}-7${h.slice(15, 18)}-${h.slice(19)}`;
}
