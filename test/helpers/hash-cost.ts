/**
 * The cost of password hashes made in tests (log2 of scrypt's N): production's 17 takes
 * 128 MiB and about a tenth of a second a hash, which on two cores running test files side
 * by side made unit tests time out. The tests of hashing itself use production's cost, and
 * so does the sign-in benchmark.
 */
export const TEST_HASH_COST = 12;
