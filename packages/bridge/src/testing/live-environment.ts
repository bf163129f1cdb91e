/**
 * A live configuration a careful operator gives: real-looking SBPS values, strong secrets, https
 * everywhere. It passes every live check, so a test that starts from it and changes one variable
 * proves that one refusal. SBPS is never called with it: nobody pays in the tests that use it.
 */
export const LIVE_ENV = {
  AU_PAY_MODE: 'live',
  PUBLIC_URL: 'https://pay.shop.example',
  HOST: '127.0.0.1',
  AU_PAY_SECRET_KEY: 'sk_live_7f3a9c0e5b1d4f2a8c6e0b9d3f5a7c1e',
  RETURN_URL_ORIGINS: 'https://shop.example',
  WEBHOOK_URL: 'https://shop.example/hooks/au-pay',
  WEBHOOK_SECRET: 'whsec_4e8b2d6f0a3c7e1b5d9f2a6c8e0b4d7f',
  SBPS_MERCHANT_ID: '30132',
  SBPS_SERVICE_ID: '103',
  SBPS_HASH_KEY: 'c48e0e6f3a2ed7b1d39d9e9b0bff3f1eaa36d2b1',
  SBPS_PURCHASE_URL: 'https://fep.sps-system.com/f01/FepBuyInfoReceive.do',
  SBPS_API_URL: 'https://api.sps-system.com/api/xmlapi.do',
  SBPS_API_USER: '30132103',
  SBPS_API_PASSWORD: 'contract-api-password-9d41',
} as const;
