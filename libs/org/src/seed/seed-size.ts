/** The datasets `npm run seed -- --size <size>` makes. */
export type SeedSize = 'demo' | 'province' | 'national';

export const SEED_SIZES: readonly SeedSize[] = ['demo', 'province', 'national'];

export interface SeedProfile {
  /** Province codes (see provinces.ts). */
  provinces: readonly string[];
  /** Communes per province when not the real count. */
  communes: number | null;
  /** Share of the communes that are wards when `communes` is set. */
  wardShare: number;
  /** People on the roster, exactly. */
  people: number;
  /** Hamlets ("thôn", "ấp", "tổ dân phố") under each commune: [min, max], or null for none. */
  hamlets: readonly [number, number] | null;
  /** Demo accounts (organisers, an agency, learners linked to people). */
  accounts: boolean;
  /** Set the roster's indexes and foreign keys aside while loading (locks the tables: CLI only). */
  bulk: boolean;
}

export const SEED_PROFILES: Readonly<Record<SeedSize, SeedProfile>> = {
  // One province after the 2025 reform (Vĩnh Long: Bến Tre, Trà Vinh and Vĩnh Long merged), ~100 communes and wards.
  demo: {
    provinces: ['VL'],
    communes: 100,
    wardShare: 0.16,
    people: 3_000,
    hamlets: null,
    accounts: true,
    bulk: false,
  },
  // Hà Nội with its 126 communes and wards and their hamlets: ~4,000 units.
  province: {
    provinces: ['HN'],
    communes: null,
    wardShare: 0,
    people: 150_000,
    hamlets: [10, 30],
    accounts: false,
    bulk: true,
  },
  // The 34 provinces and cities and their 3,321 communes: ~100,000 units.
  national: {
    provinces: [],
    communes: null,
    wardShare: 0,
    people: 3_000_000,
    hamlets: [10, 30],
    accounts: false,
    bulk: true,
  },
};

export const isSeedSize = (value: string): value is SeedSize => (SEED_SIZES as readonly string[]).includes(value);

/** Every seeded unit opens, and every seeded period starts, on the day the 2025 reform took effect. */
export const SEED_START = '2025-07-01';
