import { fuzzEndpoints } from '../testing/endpoint-fuzz-suite.js';
import { BUYER_AND_ACQUIRER_ENDPOINTS } from '../testing/fuzz-endpoints.js';

// What browsers, acquirers and operators reach (checkout, returns, notifications, static files,
// the sandbox clock), fuzzed: see src/testing/endpoint-fuzz-suite.ts.
fuzzEndpoints('the buyer and acquirer endpoints', BUYER_AND_ACQUIRER_ENDPOINTS);
