import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, type Config } from '../../../src/config/env.js';

/**
 * What the deployment files may refer to, read from the project itself (package.json, the
 * sources, tsconfig.build.json), so that renaming a script, an entry file or an environment
 * variable makes the deployment tests fail.
 */

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * The V8 old-space ceiling every production command runs with (docs/deployment.md, "Memory"):
 * any explicit ceiling at or under 2 GB makes V8 grow the heap by 1.3–2× instead of up to 4×
 * between full collections, which holds RSS near 140 MB at 500–1,000 reservations/s (220 MB
 * without it), and 384 MB leaves a 512 MB host or dyno room for the rest of the process.
 */
export const HEAP_FLAG = '--max-old-space-size=384';

/**
 * Every node flag of the production commands (docs/deployment.md, "Node flags"), the heap ceiling
 * first. A young generation that starts at its full 16 MB and V8 optimizing hot functions after a
 * quarter of its default interrupt budget take away most of the first seconds' tail when a
 * process goes from little traffic to 1,000 reservations/s (docs/performance.md).
 */
export const NODE_FLAGS = [
  HEAP_FLAG,
  '--min-semi-space-size=16',
  '--interrupt-budget=16384',
] as const;

export const readText = (rel: string): string => readFileSync(join(ROOT, rel), 'utf8');
export const fileExists = (rel: string): boolean => existsSync(join(ROOT, rel));

export function packageJson(): {
  scripts: Record<string, string>;
  engines?: { node?: string };
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  type?: string;
} {
  return JSON.parse(readText('package.json')) as ReturnType<typeof packageJson>;
}

const ENV_FILE = 'src/config/env.ts';

/** The variables `src/config/env.ts` validates: the keys of its zod schema object. */
export function envVarNames(): ReadonlySet<string> {
  const text = readText(ENV_FILE);
  const start = text.indexOf('z.object({');
  const end = text.indexOf('\n});', start);
  if (start < 0 || end < 0) {
    throw new Error(`${ENV_FILE}: could not find the schema (z.object({ ... });)`);
  }
  const names = [...text.slice(start, end).matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1]!);
  if (names.length < 5) {
    throw new Error(
      `${ENV_FILE}: found only ${names.length} variables; has the schema's shape changed?`,
    );
  }
  return new Set(names);
}

/** `NAME: int(default, min, max)` in env.ts. */
export function envIntBounds(name: string): { def: number; min: number; max: number } {
  const m = new RegExp(`\\b${name}: int\\(([\\d_]+),\\s*([\\d_]+),\\s*([\\d_]+)\\)`).exec(
    readText(ENV_FILE),
  );
  if (!m) {
    throw new Error(`${ENV_FILE}: ${name} is no longer declared as int(default, min, max)`);
  }
  const n = (s: string) => Number(s.replaceAll('_', ''));
  return { def: n(m[1]!), min: n(m[2]!), max: n(m[3]!) };
}

/** The configuration with only the required variables set: the defaults. */
export function defaultConfig(): Config {
  return loadConfig({
    TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
    TWILIO_AUTH_TOKEN: 'test-token',
    PUBLIC_BASE_URL: 'https://assigner.example.com',
  });
}

/** `dist/x/y.js` → `src/x/y.ts`, per tsconfig.build.json's outDir and rootDir. */
export function sourceOfBuilt(distPath: string): string {
  const build = JSON.parse(readText('tsconfig.build.json')) as {
    compilerOptions: { outDir: string; rootDir: string };
  };
  const outDir = posix.normalize(build.compilerOptions.outDir).replace(/\/$/, '');
  const rootDir = posix.normalize(build.compilerOptions.rootDir).replace(/\/$/, '');
  const rel = posix.normalize(distPath);
  if (!rel.startsWith(`${outDir}/`)) {
    throw new Error(`${distPath} is not under tsconfig.build.json's outDir (${outDir})`);
  }
  return `${rootDir}/${rel.slice(outDir.length + 1).replace(/\.js$/, '.ts')}`;
}

/** Built files named anywhere in a text: `dist/server.js`, `/opt/app/dist/worker.js`. */
export function builtFilesNamedIn(text: string): string[] {
  return [...text.matchAll(/(?:^|[^\w.-])(dist\/[\w./-]+?\.js)\b/gm)].map((m) => m[1]!);
}

/** npm scripts named in a text: `npm run X`, `npm start`, `npm test`. */
export function npmScriptsNamedIn(text: string): string[] {
  const run = [...text.matchAll(/\bnpm run(?:-script)? ([\w:.-]+)/g)].map((m) => m[1]!);
  const short = [...text.matchAll(/\bnpm (start|test|stop|restart)\b/g)].map((m) => m[1]!);
  return [...run, ...short];
}

/** Every `.ts` file under a folder of the repository, recursively. */
export function sourceFiles(dir: string, skip: readonly string[] = []): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (skip.includes(rel)) {
      continue;
    }
    if (entry.isDirectory()) {
      out.push(...sourceFiles(rel, skip));
    } else if (entry.name.endsWith('.ts')) {
      out.push(rel);
    }
  }
  return out;
}

/**
 * Every quoted string literal in the service's sources (the simulator excluded: it is not the
 * service). A label value in an alert that appears nowhere here is one the service never sets.
 */
export function serviceStringLiterals(): ReadonlySet<string> {
  const values = new Set<string>();
  for (const file of sourceFiles('src', ['src/simulator'])) {
    for (const m of readText(file).matchAll(/'([^'\\\n]*)'|"([^"\\\n]*)"|`([^`\\$\n]*)`/g)) {
      values.add(m[1] ?? m[2] ?? m[3]!);
    }
  }
  return values;
}
