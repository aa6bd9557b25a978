// Seeded pseudo-random inputs for property tests: a failure names its seed, and
// PROPERTY_SEED=<seed> npm test replays it.

export const SEED = Number(process.env.PROPERTY_SEED || 20261207);

/** mulberry32: small, fast, and the same sequence on every Node version. */
export function generator(seed = SEED) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min, max) => min + Math.floor(next() * (max - min + 1));
  const digits = (length) => Array.from({ length }, () => String(int(0, 9))).join('');
  return {
    next,
    int,
    pick: (items) => items[int(0, items.length - 1)],
    /** A decimal string as the ledger writes them: optional sign, up to 30 whole and 18 fraction digits. */
    decimal() {
      const sign = int(0, 3) === 0 ? '-' : '';
      const whole = digits(int(1, int(0, 4) === 0 ? 30 : 6));
      const scale = int(0, 18);
      return scale ? `${sign}${whole}.${digits(scale)}` : sign + whole;
    },
  };
}

/** Runs check on `runs` generated cases; the message of a failure carries the seed and the case. */
export function forAll(runs, make, check, seed = SEED) {
  const random = generator(seed);
  for (let i = 0; i < runs; i += 1) {
    const input = make(random);
    try {
      check(input);
    } catch (error) {
      error.message = `${error.message}\n  case ${i} of seed ${seed} (PROPERTY_SEED=${seed}): ${JSON.stringify(input)}`;
      throw error;
    }
  }
}
