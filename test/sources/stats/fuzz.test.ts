import { fuzzSuite } from './fuzz.js';
import { EVERY_SAMPLE, STATS_TARGETS } from './fuzz-targets.js';

fuzzSuite('stats readers under random and mutated input', STATS_TARGETS, EVERY_SAMPLE);
