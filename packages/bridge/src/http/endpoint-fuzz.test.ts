import { ENDPOINTS } from '../testing/fuzz-endpoints.js';
import { describeEndpointFuzz } from '../testing/fuzz-suite.js';

// Every HTTP endpoint the bridge serves in sandbox mode, fed random requests (issue #15, item 2).
// Cases per endpoint: AU_PAY_FUZZ_RUNS (default 1,000) on SQLite and a tenth on PostgreSQL;
// AU_PAY_FUZZ_SEED replays a failure.
describeEndpointFuzz(ENDPOINTS);
