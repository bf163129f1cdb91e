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
  /** Each round: the baseline measured before and after it, and the two routes. */
  rounds: Array<{ baseline: [Measured, Measured]; create: Measured; notify: Measured }>;
}

const row = (cells: string[]) => `| ${cells.join(' | ')} |`;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

/** A round's baseline: the mean of its measurements before and after the routes. */
const roundBaseline = ([before, after]: [Measured, Measured]): Measured => ({
  rps: (before.rps + after.rps) / 2,
  p50: (before.p50 + after.p50) / 2,
  p99: (before.p99 + after.p99) / 2,
});

/** Each route's throughput over its round's baseline, the median over the rounds. */
export function ratios(run: StoreRun): { create: number; notify: number } {
  return {
    create: median(run.rounds.map((r) => r.create.rps / roundBaseline(r.baseline).rps)),
    notify: median(run.rounds.map((r) => r.notify.rps / roundBaseline(r.baseline).rps)),
  };
}

/** Medians over the rounds of each figure. */
const medianOf = (measured: Measured[]): Measured => ({
  rps: median(measured.map((m) => m.rps)),
  p50: median(measured.map((m) => m.p50)),
  p99: median(measured.map((m) => m.p99)),
});

/**
 * One row per route and store: requests per second and latencies are medians over the store's
 * rounds, and each ratio is the median of the route's per-round ratios to its round's baseline.
 */
export function markdownTable(runs: readonly StoreRun[]): string {
  const lines = [
    row(['store', 'route', 'req/s', 'ratio to bare Express', 'p50 ms', 'p99 ms']),
    row(['---', '---', '---:', '---:', '---:', '---:']),
  ];
  for (const run of runs) {
    const { create, notify } = ratios(run);
    const routes: Array<[string, Measured, number]> = [
      ['bare Express 5 JSON route', medianOf(run.rounds.map((r) => roundBaseline(r.baseline))), 1],
      ['`POST /v1/payments`', medianOf(run.rounds.map((r) => r.create)), create],
      ['`POST /sbps/notify`', medianOf(run.rounds.map((r) => r.notify)), notify],
    ];
    for (const [route, measured, ratio] of routes) {
      lines.push(
        row([
          run.name,
          route,
          measured.rps.toFixed(0),
          ratio.toFixed(2),
          String(Number(measured.p50.toFixed(1))),
          String(Number(measured.p99.toFixed(1))),
        ]),
      );
    }
  }
  return lines.join('\n');
}
