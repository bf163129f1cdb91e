/**
 * Regenerates the four screenshots in e2e/README.md: the pay page with `<au-pay>` and the au PIN
 * screen, on the desktop and on the phone. It runs journey 1 in both projects (which saves every
 * step under e2e/screenshots/) and copies the two steps the README shows into e2e/docs/.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const e2e = join(dirname(fileURLToPath(import.meta.url)), '..');
execFileSync(
  'npx',
  [
    'playwright',
    'test',
    '--project=desktop',
    '--project=phone',
    '-g',
    '1\\. success with automated sales',
  ],
  {
    cwd: e2e,
    stdio: 'inherit',
  },
);

for (const project of ['desktop', 'phone']) {
  const projectDir = join(e2e, 'screenshots', project);
  const journey = readdirSync(projectDir).find((name) => name.startsWith('1-success'));
  if (!journey) throw new Error(`journey 1 left no screenshots in ${projectDir}`);
  for (const [step, name] of [
    ['pay-page', 'shop'],
    ['au-pin', 'au-pin'],
  ]) {
    const shot = readdirSync(join(projectDir, journey)).find((file) =>
      file.endsWith(`-${step}.png`),
    );
    if (!shot) throw new Error(`no ${step} screenshot in ${join(projectDir, journey)}`);
    const target = join(e2e, 'docs', `${project}-${name}.png`);
    copyFileSync(join(projectDir, journey, shot), target);
    process.stdout.write(`${target}\n`);
  }
}
