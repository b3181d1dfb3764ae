/** Small line parsers for the deployment files that have no parser among our dependencies. */

export interface DockerInstruction {
  readonly keyword: string;
  readonly args: string;
  readonly line: number;
}

export interface DockerStage {
  readonly image: string;
  readonly name: string | undefined;
  readonly instructions: readonly DockerInstruction[];
}

/**
 * Splits a Dockerfile into stages of instructions: comment lines dropped, continuation lines
 * joined, global `ARG` defaults substituted into `FROM`.
 */
export function parseDockerfile(text: string): DockerStage[] {
  const instructions: DockerInstruction[] = [];
  let pending = '';
  let startLine = 0;
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line.startsWith('#') || (line === '' && pending === '')) {
      return;
    }
    if (pending === '') {
      startLine = i + 1;
    }
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      return;
    }
    const whole = (pending + line).trim();
    pending = '';
    const m = /^(\w+)\s*(.*)$/s.exec(whole);
    if (m) {
      instructions.push({ keyword: m[1]!.toUpperCase(), args: m[2]!, line: startLine });
    }
  });
  const globalArgs = new Map<string, string>();
  const stages: { image: string; name: string | undefined; instructions: DockerInstruction[] }[] =
    [];
  for (const ins of instructions) {
    if (ins.keyword === 'FROM') {
      const [image = '', as, name] = ins.args
        .replace(
          /\$\{(\w+)\}|\$(\w+)/g,
          (_m, a?: string, b?: string) => globalArgs.get((a ?? b)!) ?? '',
        )
        .split(/\s+/);
      stages.push({ image, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
    } else if (stages.length === 0) {
      if (ins.keyword === 'ARG') {
        const [k, v = ''] = ins.args.split('=');
        globalArgs.set(k!.trim(), v.trim());
      }
    } else {
      stages.at(-1)!.instructions.push(ins);
    }
  }
  return stages;
}

/** `["node", "dist/main.js"]` (exec form) or `node dist/main.js` (shell form) as words. */
export function commandWords(args: string): string[] {
  const trimmed = args.trim();
  if (trimmed.startsWith('[')) {
    return JSON.parse(trimmed) as string[];
  }
  return trimmed.split(/\s+/);
}

/** A systemd unit: section → key → every value given (keys may repeat). */
export type UnitFile = Map<string, Map<string, string[]>>;

export function parseUnitFile(text: string): UnitFile {
  const unit: UnitFile = new Map();
  let section: Map<string, string[]> | undefined;
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) {
      return;
    }
    const header = /^\[(\w+)\]$/.exec(line);
    if (header) {
      section = new Map();
      unit.set(header[1]!, section);
      return;
    }
    const kv = /^([A-Za-z][\w]*)\s*=\s*(.*)$/.exec(line);
    if (!kv || !section) {
      throw new Error(`line ${i + 1}: not "Key=value" inside a [Section]: ${line}`);
    }
    section.set(kv[1]!, [...(section.get(kv[1]!) ?? []), kv[2]!]);
  });
  return unit;
}

/** The last value of a key, as systemd reads single-valued settings. */
export function unitValue(unit: UnitFile, section: string, key: string): string | undefined {
  return unit.get(section)?.get(key)?.at(-1);
}

/** `KEY=value` lines of an environment file (comments and blank lines skipped). */
export function parseEnvFile(text: string): Map<string, string> {
  const vars = new Map<string, string>();
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) {
      return;
    }
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m) {
      throw new Error(`line ${i + 1}: not KEY=value: ${line}`);
    }
    vars.set(m[1]!, m[2]!);
  });
  return vars;
}

/** `name: command` lines of a Procfile. */
export function parseProcfile(text: string): Map<string, string> {
  const processes = new Map<string, string>();
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) {
      return;
    }
    const m = /^([\w-]+):\s*(.+)$/.exec(line);
    if (!m) {
      throw new Error(`Procfile line ${i + 1}: not "name: command": ${line}`);
    }
    processes.set(m[1]!, m[2]!);
  });
  return processes;
}

/** Docker/compose durations: `30s`, `1m30s`, `500ms`. */
export function durationMs(value: string): number {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== value.trim()) {
    throw new Error(`not a duration: ${value}`);
  }
  return parts.reduce((ms, p) => ms + Number(p[1]) * units[p[2]!]!, 0);
}
