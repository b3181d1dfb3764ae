/** One sample of the Prometheus text format. */
export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?[0-9.e+-]+|NaN|[+-]Inf)(?: -?\d+)?$/;
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*(?:,|$)/gy;

/**
 * Parses Prometheus text exposition (format 0.0.4) strictly enough for tests: every line must be
 * a comment, a HELP/TYPE line or a well-formed sample, and no family may be declared twice.
 */
export function parsePrometheusText(text: string): {
  samples: Sample[];
  families: Map<string, { help?: string; type?: string }>;
} {
  const samples: Sample[] = [];
  const families = new Map<string, { help?: string; type?: string }>();
  for (const line of text.split('\n')) {
    if (line === '') {
      continue;
    }
    const meta = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line);
    if (meta) {
      const [, kind, name, rest] = meta as unknown as [string, 'HELP' | 'TYPE', string, string];
      const family = families.get(name) ?? {};
      const key = kind === 'HELP' ? 'help' : 'type';
      if (family[key] !== undefined) {
        throw new Error(`${kind} for ${name} given twice`);
      }
      families.set(name, { ...family, [key]: rest });
      continue;
    }
    if (line.startsWith('#')) {
      continue;
    }
    const m = SAMPLE.exec(line);
    if (!m) {
      throw new Error(`not a Prometheus sample: ${line}`);
    }
    const labels: Record<string, string> = {};
    const body = m[2] ?? '';
    LABEL.lastIndex = 0;
    while (LABEL.lastIndex < body.length) {
      const l = LABEL.exec(body);
      if (!l) {
        throw new Error(`bad labels in: ${line}`);
      }
      labels[l[1]!] = l[2]!.replace(/\\(.)/g, (_x, c: string) => (c === 'n' ? '\n' : c));
    }
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return { samples, families };
}
