/** Every seeded unit opens, and every seeded period starts, on the day the 2025 reform took effect (new map). */
export const SEED_START = '2025-07-01';

/** The old-map dataset starts on 1 January 2024; its people move and change status only in 2024. */
export const SEED_START_OLD_MAP = '2024-01-01';

/** The datasets `npm run seed -- --size <size>` makes. */
export type SeedSize = 'demo' | 'province' | 'national' | 'national-2024';

export const SEED_SIZES: readonly SeedSize[] = ['demo', 'province', 'national', 'national-2024'];

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
  /**
   * Which map: `official` (the provinces and communes from 1 July 2025, data/units; invented communes when
   * `communes` is set), `old` (the 63 provinces and 10,052 communes before the reform, from the mapping file) or
   * `reform` (both: the old provinces and communes that went into the profile's province from the start, its
   * official communes from 1 July 2025, and the reform applied on that date through the restructuring engine).
   */
  map: 'official' | 'old' | 'reform';
  /** The day every unit opens and every period starts. */
  start: string;
}

export const SEED_PROFILES: Readonly<Record<SeedSize, SeedProfile>> = {
  // The real Tỉnh Vĩnh Long: from 1 January 2024 the old Vĩnh Long, Bến Tre and Trà Vinh with their 354 communes;
  // on 1 July 2025 the reform (Bến Tre and Trà Vinh merged into Vĩnh Long, the 354 communes into its 124 official
  // communes and wards) through the restructuring engine.
  demo: {
    provinces: ['VL'],
    communes: null,
    wardShare: 0,
    people: 3_000,
    hamlets: null,
    accounts: true,
    bulk: false,
    map: 'reform',
    start: SEED_START_OLD_MAP,
  },
  // Hà Nội with its 126 official communes and wards and their hamlets: ~4,000 units.
  province: {
    provinces: ['HN'],
    communes: null,
    wardShare: 0,
    people: 150_000,
    hamlets: [10, 30],
    accounts: false,
    bulk: true,
    map: 'official',
    start: SEED_START,
  },
  // The 34 official provinces and cities and their 3,321 communes (codes and names from data/units): ~100,000 units.
  national: {
    provinces: [],
    communes: null,
    wardShare: 0,
    people: 3_000_000,
    hamlets: [10, 30],
    accounts: false,
    bulk: true,
    map: 'official',
    start: SEED_START,
  },
  // The same country on the map before 1 July 2025 (63 provinces, 10,052 communes, from the reform mapping), for
  // applying the reform to it (npm run bench -- restructure): ~310,000 units.
  'national-2024': {
    provinces: [],
    communes: null,
    wardShare: 0,
    people: 3_000_000,
    hamlets: [10, 30],
    accounts: false,
    bulk: true,
    map: 'old',
    start: SEED_START_OLD_MAP,
  },
};

export const isSeedSize = (value: string): value is SeedSize => (SEED_SIZES as readonly string[]).includes(value);
