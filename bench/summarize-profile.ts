/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`, e.g. `npm run bench -- --profile DIR`):
 * self time by package (our src/, each node_modules package, Node internals, GC, idle) and the
 * hottest functions.
 *
 *   node --import tsx bench/summarize-profile.ts FILE.cpuprofile [--top 25] [--requests N]
 *
 * With `--requests`, the number of requests the process served while profiled, times are also
 * shown per request (µs).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: {
    readonly functionName: string;
    readonly url: string;
    readonly lineNumber: number;
  };
  readonly children?: readonly number[];
}

interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

export interface ProfileSummary {
  readonly totalMs: number;
  /** Self time of everything but `(idle)`, ms. */
  readonly busyMs: number;
  /** Self time by where the code lives, ms, largest first. */
  readonly byPackage: ReadonlyArray<readonly [string, number]>;
  /** Self time by function, ms, largest first. */
  readonly byFunction: ReadonlyArray<readonly [string, number]>;
  /** Total (self + callees) time of functions of our own src/, ms, largest first. */
  readonly inclusiveOwn: ReadonlyArray<readonly [string, number]>;
}

function packageOf(url: string, name: string): string {
  if (name === '(garbage collector)' || name === '(idle)' || name === '(program)') {
    return name;
  }
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm?.[1]) {
    return nm[1];
  }
  if (url.includes('/dist/') || url.includes('/src/')) {
    return 'taskrouter-assigner';
  }
  if (url.startsWith('node:') || url === '') {
    return url === '' ? '(native)' : 'node internals';
  }
  return url;
}

const shortUrl = (url: string) => url.replace(/^.*\/(node_modules|dist|src)\//, '$1/');

export function summarizeProfile(profile: Profile, top = 25): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const parent = new Map<number, number>();
  for (const n of profile.nodes) {
    for (const c of n.children ?? []) {
      parent.set(c, n.id);
    }
  }
  const pkg = new Map<string, number>();
  const fn = new Map<string, number>();
  const own = new Map<string, number>();
  for (const [id, ms] of self) {
    const n = byId.get(id);
    if (!n) {
      continue;
    }
    const { functionName, url, lineNumber } = n.callFrame;
    const p = packageOf(url, functionName);
    pkg.set(p, (pkg.get(p) ?? 0) + ms);
    const key = `${functionName || '(anonymous)'} ${shortUrl(url)}:${lineNumber + 1}`;
    fn.set(key, (fn.get(key) ?? 0) + ms);
    // Inclusive time of our own functions: walk up the stack once per distinct frame.
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)?.callFrame;
      if (f && packageOf(f.url, f.functionName) === 'taskrouter-assigner') {
        const k = `${f.functionName || '(anonymous)'} ${shortUrl(f.url)}`;
        if (!seen.has(k)) {
          seen.add(k);
          own.set(k, (own.get(k) ?? 0) + ms);
        }
      }
    }
  }
  const sorted = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => [k, Math.round(v)] as const);
  const busyMs = [...pkg.entries()].filter(([k]) => k !== '(idle)').reduce((a, [, v]) => a + v, 0);
  return {
    totalMs: Math.round((profile.endTime - profile.startTime) / 1000),
    busyMs: Math.round(busyMs),
    byPackage: sorted(pkg),
    byFunction: sorted(fn),
    inclusiveOwn: sorted(own),
  };
}

function main(): void {
  const { values, positionals } = parseArgs({
    options: { top: { type: 'string' }, requests: { type: 'string' } },
    allowPositionals: true,
  });
  const file = positionals[0];
  if (!file) {
    throw new Error('usage: summarize-profile FILE.cpuprofile [--top N]');
  }
  const s = summarizeProfile(
    JSON.parse(readFileSync(file, 'utf8')) as Profile,
    Number(values.top ?? 25),
  );
  const busy = s.busyMs;
  const requests = Number(values.requests ?? 0);
  const perRequest = (ms: number) =>
    requests > 0 ? `${((ms * 1000) / requests).toFixed(1).padStart(7)} µs/req ` : '';
  const table = (title: string, rows: ReadonlyArray<readonly [string, number]>) => {
    console.log(`\n${title}\n${'-'.repeat(title.length)}`);
    for (const [k, v] of rows) {
      const share = ((v / busy) * 100).toFixed(1).padStart(5);
      console.log(`${String(v).padStart(7)} ms ${share} % ${perRequest(v)} ${k}`);
    }
  };
  console.log(
    `${file}: ${s.totalMs} ms profiled, ${busy} ms not idle (percentages are of that)` +
      (requests > 0 ? `; ${perRequest(busy).trim()} busy in all` : ''),
  );
  table(
    'self time by package',
    s.byPackage.filter(([k]) => k !== '(idle)'),
  );
  table('self time by function', s.byFunction);
  table('inclusive time of our own functions', s.inclusiveOwn);
}

if (process.argv[1]?.endsWith('summarize-profile.ts')) {
  // Piped into head: stop quietly when the reader goes away.
  process.stdout.on('error', () => process.exit(0));
  main();
}
