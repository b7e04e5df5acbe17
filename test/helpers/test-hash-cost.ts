import { setPasswordHashCost } from '../../src/domain/auth/password';
import { TEST_HASH_COST } from './hash-cost';

// Every unit test file hashes at the tests' cost (see hash-cost.ts).
setPasswordHashCost(TEST_HASH_COST);
