// The worked examples of spec/antom-au.md §3.4 (a pay request) and §5.3 (a notification), copied
// from the digest as they stand. Made-up values and a test-only key pair; only the public key is
// published, so signatures are checked by verifying, not by re-signing.

/** Test-only RSA-2048 public key of §3.4: Base64 SPKI DER, as the Antom Dashboard shows keys. */
export const ANTOM_TEST_PUBLIC_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAi1U0z1b4ypq+kuDmswm9rtXm5JLyiA6Neyl7/fBG9Aq7gpra/T0ka3XRrOypNXAuf/y/M57MxRk4CtpMwsjcGecnMfrSxwlw+Wf14ZzCj3MWpHPx/JpoZrTPcKw+ph1yluUwQL7U2aJNJ0bHgS4lx1xNdHCwUyVUHCBQZRwIGKq98Yy47BNwhByQbEWmb/FLhOdzuj95pvQi9M2oVfiyUoKNj9DUkD3UpnYSl4qr5jQ2EqJTCBnWarDlVd+7FiB10P0sreMGqOXyQSwLLsKT2NrX2h3TTxFVVEUubE4CWRi2sedBapxmcnIy9s27ULyXqsnZczKJ4caq81lTL/9YtwIDAQAB';

export const ANTOM_TEST_CLIENT_ID = 'SANDBOX_5Y0A2B3C4D5E6F07';

/** §3.4: the pay request. */
export const PAY_REQUEST = {
  method: 'POST',
  path: '/ams/api/v1/payments/pay',
  clientId: ANTOM_TEST_CLIENT_ID,
  requestTime: '1763334000000',
  body: '{"productCode":"CASHIER_PAYMENT","paymentRequestId":"ord-20251116-0001","order":{"referenceOrderId":"ord-20251116-0001","orderDescription":"Ebook bundle","orderAmount":{"currency":"JPY","value":"1980"}},"paymentAmount":{"currency":"JPY","value":"1980"},"paymentMethod":{"paymentMethodType":"AU"},"paymentRedirectUrl":"https://shop.example.jp/pay/return?ref=ord-20251116-0001","paymentNotifyUrl":"https://shop.example.jp/antom/notify","settlementStrategy":{"settlementCurrency":"JPY"},"env":{"terminalType":"WAP","osType":"IOS","clientIp":"203.0.113.7"}}',
  signatureHeader:
    'algorithm=RSA256,keyVersion=1,signature=Z3ZdRtFkbr8%2BpxfViiCiorF52L8D6101KTGnVopGGEiGiZqf18EWFmv7hZjppJ58OnrLN0s6qPPsxh7gIXpES%2FbL6h8qOfMQgunVvTpBu6vXfe5YFAOCQjW6oRn3OrPez3QaAH10SE2Qfs2%2BOjiM37os1SUgoZSnG1ASKj1dcW27dfm1C1NLvgmmVmpIY57lQCnpy8mxQv%2Fyv3yvIQ9Lej8%2FFZNKJdzftny3bbBrxZvtCVlsQUqrLTgEMv4J8YDqrEC3tzXRcBTs9mFQg8rOL7LrowMkF38zX8SW9xDyS9REULYHpFE4tLQEZ1bgqB2mTrNAZ%2BAfNNUITQMJaILZEg%3D%3D',
} as const;

/** §5.3: the notifyPayment sent to https://shop.example.jp/antom/notify. */
export const PAYMENT_NOTIFICATION = {
  method: 'POST',
  path: '/antom/notify',
  clientId: ANTOM_TEST_CLIENT_ID,
  requestTime: '1763334192000',
  body: '{"notifyType":"PAYMENT_RESULT","result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"},"paymentRequestId":"ord-20251116-0001","paymentId":"202511161940108001001881A0201234567","paymentAmount":{"currency":"JPY","value":"1980"},"paymentCreateTime":"2025-11-17T08:00:00+09:00","paymentTime":"2025-11-17T08:03:12+09:00","paymentMethodType":"AU"}',
  signatureHeader:
    'algorithm=RSA256,keyVersion=1,signature=ViG%2FD6hfZwD22SZOtbVTYyfXpfyRyIkdSQjnLog0GsC173t5MsVCf9fWCxnuwcN3bfbYaBhwMfVkk0TWjypwC6BhCH%2FkLP4DAOgoVVMxhMfde3Lk2ec1Kute%2FIwNLT2cuMZIGmMHLjGIb337C2ElkTYuppn24ygXupezJmyar1Fx8TpOyNDjGyxq338v2RwR%2Fp21j38p4Zkp62gvdk3IW3Yszv1F9nGREwYkDbn0RPiekeRCZGHdaNdZNYiQxhyRPtUmj8%2B5B1Q9KTAKD1Rj9o83AOVCQBijIwpVYJSlJlPtRSam3OEhl3lGwge8lvXKwd6StftIWhNXiPCGPbmVTA%3D%3D',
} as const;

/** Wraps Base64 DER in PEM armour, 64 characters a line, as openssl writes it. */
export function toPem(base64Der: string, label: string): string {
  const lines = base64Der.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
