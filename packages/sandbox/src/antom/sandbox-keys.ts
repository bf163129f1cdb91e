// The built-in Antom test key pair (DESIGN.md, sandbox keys): the emulator signs its responses and
// notifications with this private key. It is published in this repository, so a signature made
// with it proves nothing outside the sandbox: never trust its public half in live mode.

/** Antom's sandbox public key (Base64 SPKI DER, as the Dashboard shows one): `ANTOM_PUBLIC_KEY`'s sandbox default. */
export const ANTOM_SANDBOX_PUBLIC_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA+b49o9rUksBnSs1MzVxjsJo8NGzWgpmPH4moz2RH4ixX' +
  'IjJ21R0tQc405itwxMxPRJjdzIoAlT0RXBrf/X96m8J6bvnGv5ItrNoP1impkPEySDXtrzQ2vLtAg/2++6GHYaV/' +
  '4nbd+2ZyGyt8JAJG/egI+VDAc572KOYRhXSptWqQY5+FnNxvK+dh4rlZpd09kOmHIljTRxHGVcEHWBwe/5fOM8O7' +
  'XnC2LdD+m5N2Ty02dT9YpKg+7cMedVYRrERCPiT8T5OE7ssMukpkpxVVF8KvfY1PZSoAC3qxOwmZM4MVF8nKlR5r' +
  'cmDr1uJbFOL1GUnisSuTLhVII/M1fsanQQIDAQAB';

/** Antom's sandbox private key (Base64 PKCS#8 DER). Internal to the sandbox package. */
export const ANTOM_SANDBOX_PRIVATE_KEY =
  'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQD5vj2j2tSSwGdKzUzNXGOwmjw0bNaCmY8fiajP' +
  'ZEfiLFciMnbVHS1BzjTmK3DEzE9EmN3MigCVPRFcGt/9f3qbwnpu+ca/ki2s2g/WKamQ8TJINe2vNDa8u0CD/b77' +
  'oYdhpX/idt37ZnIbK3wkAkb96Aj5UMBznvYo5hGFdKm1apBjn4Wc3G8r52HiuVml3T2Q6YciWNNHEcZVwQdYHB7/' +
  'l84zw7tecLYt0P6bk3ZPLTZ1P1ikqD7twx51VhGsREI+JPxPk4Tuywy6SmSnFVUXwq99jU9lKgALerE7CZkzgxUX' +
  'ycqVHmtyYOvW4lsU4vUZSeKxK5MuFUgj8zV+xqdBAgMBAAECggEAFKmlA27KSicBlMqGGXKUq+qi4wqDN/R5Bzi2' +
  'PwxytxeIkQOAWfMLSMfFECsVbi7iOxBzv2XGlRJjoo11rU1UCVmOlCp1w2lWfpffGg7B4QRXrupJU0bcZYKPnKwM' +
  'llifsRhGi6feh1uLQsy2/Wqz0XOWdHw2JArJnookdnh3xxLTboytvH3ZynQIy4qVHI7IlFAz8T5/jS57q1U7qJwL' +
  '0L6X5/J+Y2gPb/Eg0gzDMPHW7ypfgwNeUIsCjpxEj77KfoodKCUBUP5r1Az5C53w5yn66JF07cdcAq2AS/nDrvsU' +
  'Iw4mPU4lMjpMZ7DFQt1abWkmNW6apQzW7vJWmPF0TQKBgQD+gSoniq3GyYFwy9iPN2njqrIQBo53f6e+qigl+l4a' +
  'qWrhYEni8AB8U+D9ezVt+U6HrMKf2/FmuTnHnzdIQcrdsy9QjzPPNQH+Sy0GhJwQW5LnU4DDk/EtGuK3U9AreUWH' +
  'lT94L3PctUyeuiDDhsLId92boADcZhypu6NZ5HMcXQKBgQD7NenvMgLs4DqQpEZNkgTFq35/LDMiLrzoS1Ks2Wsj' +
  'ZpkbNfd8lV4pojMa6HaefHcFUvi93WMn87KoVPpLf6Hs7Nm2LF2cWU5z9HEDONdo9018tz7W/h6edgFAEw8AFm9P' +
  'QOCW57gzt9nJUW//pzbDgqwFaemLd8TfzrEpVlxoNQKBgQDrzGByIlq/QxNanoMWrhC9jvlLP8ffj7arQJvSFBX8' +
  'Pdt41O2gBR1uE4jxUaY/Li1EJxxrYCxZMGQIP8vIdqyum8XKreMip8ohASXGVDcEMNP637L9gaSCVdaYZF8K6GEz' +
  'LWSQxeZjJtbGeUzB26m8ctIvzh7+FN2ZpO/D6ZV9QQKBgDNcH3r296Aka/TckT8UxoL/f/pSOBYaBidcFwgd34i6' +
  'Vj04+GNxSnIqplYvBul6Ov9MqmxvEfG+Il3GGfJLoviEqDJVucHYhHCynlRxT6E3RpFkCaX9CJePOsw12VBERfen' +
  'JQPVVlTElvNRAhv7vPeWBMOKluQb1ZWIdbIk5PmtAoGAYqXWXr7uUuTBmr6u4QAvRJIsgWnumhG5Q7XgZt57xmpT' +
  'iiUS5pvWY5Itl16dvnXPEuWJ/gmJrP1V6vD6vxVmPXDF9xG8hj4w4y7d9jvyc04QWmcHmGBS4G9X0Cnf3Eo5yjdD' +
  '5sDGypTeXiMvv76hGiFfpmR5mKW8T+Ql1ca0wOk=';
