import { fuzzEndpoints } from '../testing/endpoint-fuzz-suite.js';
import { MERCHANT_API_ENDPOINTS } from '../testing/fuzz-endpoints.js';

// The merchant API (/v1), fuzzed: see src/testing/endpoint-fuzz-suite.ts.
fuzzEndpoints('the merchant API', MERCHANT_API_ENDPOINTS);
