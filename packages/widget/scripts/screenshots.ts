// Screenshots for the README, taken in Debian's Chromium from the built dist/au-pay.js:
// both layouts in both languages, plus a refusal and the dark theme. Saved to docs/*.png.
// Run `npm run screenshots` (it builds first).
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('..', import.meta.url));
const script = readFileSync(`${root}/dist/au-pay.js`, 'utf8');
const docs = `${root}/docs`;
mkdirSync(docs, { recursive: true });

interface Shot {
  name: string;
  /** Desktop (web) or phone (wap) viewport. */
  device: 'desktop' | 'phone';
  lang: 'ja' | 'en';
  attributes: string;
  dark?: boolean;
}

const shots: Shot[] = [
  { name: 'web-ja', device: 'desktop', lang: 'ja', attributes: 'amount="1980" layout="web"' },
  { name: 'web-en', device: 'desktop', lang: 'en', attributes: 'amount="1980" layout="web"' },
  { name: 'wap-ja', device: 'phone', lang: 'ja', attributes: 'amount="1980" layout="wap"' },
  { name: 'wap-en', device: 'phone', lang: 'en', attributes: 'amount="1980" layout="wap"' },
  { name: 'refused-ja', device: 'desktop', lang: 'ja', attributes: 'amount="1.5" layout="web"' },
  {
    name: 'dark-en',
    device: 'phone',
    lang: 'en',
    attributes: 'amount="500001" acquirer="antom" layout="wap"',
    dark: true,
  },
];

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});

try {
  for (const shot of shots) {
    const phone = shot.device === 'phone';
    const page = await browser.newPage({
      viewport: phone ? { width: 390, height: 400 } : { width: 640, height: 300 },
      deviceScaleFactor: 2,
      hasTouch: phone,
      isMobile: phone,
      colorScheme: shot.dark ? 'dark' : 'light',
    });
    await page.setContent(`<!doctype html>
<html lang="${shot.lang}">
  <head><meta name="viewport" content="width=device-width">
  <style>
    :root { color-scheme: light dark; }
    body { margin: 0; font-family: system-ui, 'Noto Sans CJK JP', sans-serif; background: ${shot.dark ? '#121212' : '#fff'}; color: ${shot.dark ? '#eee' : '#1a1a1a'}; }
    #shot { padding: 20px; width: ${phone ? '350px' : '480px'}; box-sizing: border-box; }
  </style></head>
  <body><div id="shot"><au-pay ${shot.attributes}></au-pay></div></body>
</html>`);
    await page.addScriptTag({ content: script });
    await page.waitForFunction(() => {
      const button = document.querySelector('au-pay')?.shadowRoot?.querySelector('button');
      return Boolean(button?.textContent?.trim());
    });
    const file = `${docs}/${shot.name}.png`;
    await page.locator('#shot').screenshot({ path: file });
    console.log(
      `${file.replace(`${root}/`, '')}  ${statSync(file).size.toLocaleString('en-US')} B`,
    );
    await page.close();
  }
} finally {
  await browser.close();
}
