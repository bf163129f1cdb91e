// The worked examples of spec/nomupay-au.md §3 (an ES256-signed create-payment request) and §4
// (an HS256-signed webhook), copied from the digest as they stand. Made-up values, test-only keys.

/** §3: POST /v1/payments with an idempotency key, signed by the merchant. */
export const CREATE_PAYMENT_REQUEST = {
  method: 'POST',
  path: '/v1/payments?idempotencyKey=5f0c6f7e-2b1a-4c8e-9d3f-0a1b2c3d4e5f',
  body: '{"processingAccountId":"2HdN2jq6XWmlkhqRC2gDTNYCvNH","merchantReference":"ord-20251116-0002","amount":{"value":1980,"currency":"jpy"},"paymentMethod":{"type":"au_kantan_kessai","auKantanKessai":{"returnUrl":"https://shop.example.jp/nomupay/return"}}}',
  kid: '2J0bq9WcP3xQk7LmN4vRt8sYz1D',
  /** The protected header as the spec serialises it. */
  header:
    '{"alg":"ES256","kid":"2J0bq9WcP3xQk7LmN4vRt8sYz1D","aud":"POST /v1/payments?idempotencyKey=5f0c6f7e-2b1a-4c8e-9d3f-0a1b2c3d4e5f","exp":1763337780}',
  exp: 1763337780,
  signature:
    'eyJhbGciOiJFUzI1NiIsImtpZCI6IjJKMGJxOVdjUDN4UWs3TG1ONHZSdDhzWXoxRCIsImF1ZCI6IlBPU1QgL3YxL3BheW1lbnRzP2lkZW1wb3RlbmN5S2V5PTVmMGM2ZjdlLTJiMWEtNGM4ZS05ZDNmLTBhMWIyYzNkNGU1ZiIsImV4cCI6MTc2MzMzNzc4MH0..O-8PbYkXoS9e5VicGIlcquAws3XCbIFOxSnsSh7FxsYOHcu210tBP71_OailnYwa6YsYpts_KtsHqSNvWCrYTA',
  /** The test public key of §3: the body of an SPKI PEM. */
  publicKey:
    'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEVGzTkGRezjcXtdrA8ntx33bPUHDw6AmGuH0elL9MDfoeUL92570pz8CKyUvX555Hlgy8XaQ8e4s6QcgPCYTrXA==',
} as const;

/** §4: a payment webhook, verified against a fixed "now" of 1763337600. */
export const PAYMENT_WEBHOOK = {
  hmacKey: 'whsec-test-only-0123456789abcdef',
  now: new Date(1763337600 * 1000),
  body: '{"id":"2KqZ0v8mYc3Jm1bXo9TtR4sWf7A","type":"payment","live":false,"payload":{"id":"27yiW9MgzBtwiodreuNOXk0rtIw","merchantReference":"ord-20251116-0002","status":"approved","amount":{"value":1980,"currency":"jpy"}}}',
  kid: '2HdN2jq6XWmlkhqRC2gDTNYCvNH',
  audience: 'https://shop.example.jp/nomupay/webhooks',
  header:
    '{"alg":"HS256","kid":"2HdN2jq6XWmlkhqRC2gDTNYCvNH","exp":1763337900,"aud":"https://shop.example.jp/nomupay/webhooks"}',
  exp: 1763337900,
  signature:
    'eyJhbGciOiJIUzI1NiIsImtpZCI6IjJIZE4yanE2WFdtbGtocVJDMmdEVE5ZQ3ZOSCIsImV4cCI6MTc2MzMzNzkwMCwiYXVkIjoiaHR0cHM6Ly9zaG9wLmV4YW1wbGUuanAvbm9tdXBheS93ZWJob29rcyJ9..A8TxfDbQd8Ln2pq-E61NnmDUvM1F4yVrJeGUdczrcC0',
} as const;
