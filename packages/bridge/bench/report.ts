/** The benchmark's figures as the markdown table the bridge README keeps. */

export interface Measured {
  /** Requests per second, averaged over the measured seconds. */
  rps: number;
  /** Latency percentiles in milliseconds. */
  p50: number;
  p99: number;
}

export interface StoreRun {
  name: string;
  setting: string;
  baselineBefore: Measured;
  baselineAfter: Measured;
  create: Measured;
  notify: Measured;
}

const row = (cells: string[]) => `| ${cells.join(' | ')} |`;

/** One row per route and store; each ratio is to the baseline measured with that store's run. */
export function markdownTable(runs: readonly StoreRun[]): string {
  const lines = [
    row(['store', 'route', 'req/s', 'ratio to bare Express', 'p50 ms', 'p99 ms']),
    row(['---', '---', '---:', '---:', '---:', '---:']),
  ];
  for (const run of runs) {
    // The baseline's two measurements (before and after the bridge's routes), averaged.
    const mean = (of: (measured: Measured) => number) =>
      (of(run.baselineBefore) + of(run.baselineAfter)) / 2;
    const baseline: Measured = {
      rps: mean((m) => m.rps),
      p50: mean((m) => m.p50),
      p99: mean((m) => m.p99),
    };
    const routes: Array<[string, Measured]> = [
      ['bare Express 5 JSON route', baseline],
      ['`POST /v1/payments`', run.create],
      ['`POST /sbps/notify`', run.notify],
    ];
    for (const [route, measured] of routes) {
      lines.push(
        row([
          run.name,
          route,
          measured.rps.toFixed(0),
          (measured.rps / baseline.rps).toFixed(2),
          String(Number(measured.p50.toFixed(1))),
          String(Number(measured.p99.toFixed(1))),
        ]),
      );
    }
  }
  return lines.join('\n');
}
