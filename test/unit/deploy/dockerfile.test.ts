import { describe, expect, it } from 'vitest';
import { commandWords, parseDockerfile, type DockerStage } from './file-parsers.js';
import {
  NODE_FLAGS,
  defaultConfig,
  fileExists,
  packageJson,
  readText,
  sourceOfBuilt,
} from './project-facts.js';

const stages = parseDockerfile(readText('Dockerfile'));
const final = stages.at(-1)!;
const pkg = packageJson();

const runs = (stage: DockerStage) =>
  stage.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args);
const copies = (stage: DockerStage) =>
  stage.instructions
    .filter((i) => i.keyword === 'COPY')
    .map((i) => {
      const words = i.args.split(/\s+/);
      const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length);
      const paths = words.filter((w) => !w.startsWith('--'));
      return { from, sources: paths.slice(0, -1), dest: paths.at(-1)! };
    });
const last = (stage: DockerStage, keyword: string) =>
  stage.instructions.filter((i) => i.keyword === keyword).at(-1);

describe('Dockerfile', () => {
  it('is multi-stage, on the Node major of package.json engines and .nvmrc, slim', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const major = /node:(\d+)-(?:[\w]+-)?slim$/.exec(final.image)?.[1];
    expect(major, `final image ${final.image} should be node:<major>-…slim`).toBeDefined();
    expect(pkg.engines?.node).toMatch(new RegExp(`>=\\s*${major}\\b`));
    expect(readText('.nvmrc').trim()).toBe(major);
  });

  it('builds with npm ci and the package.json build script in an earlier stage', () => {
    const build = stages.slice(0, -1).find((s) => runs(s).some((r) => /\bnpm run build\b/.test(r)));
    expect(build, 'no stage runs `npm run build`').toBeDefined();
    expect(runs(build!).some((r) => /\bnpm ci\b/.test(r))).toBe(true);
    expect(pkg.scripts.build).toBeDefined();
    // The final stage takes dist/ from that stage.
    expect(copies(final)).toContainEqual(
      expect.objectContaining({ from: build!.name, sources: ['/app/dist'] }),
    );
  });

  it('installs only production dependencies in the final stage, without lifecycle scripts', () => {
    const install = runs(final).find((r) => /\bnpm ci\b/.test(r));
    expect(install, 'final stage has no `npm ci`').toBeDefined();
    expect(install).toContain('--omit=dev');
    // `prepare` compiles with tsc, a devDependency --omit=dev leaves out.
    if (pkg.scripts.prepare) {
      expect(install).toContain('--ignore-scripts');
    }
  });

  it('runs as a non-root user', () => {
    const user = last(final, 'USER');
    expect(user, 'final stage has no USER').toBeDefined();
    expect(user!.args.split(':')[0]).not.toMatch(/^(root|0)$/);
    expect(user!.line).toBeLessThan(last(final, 'CMD')!.line);
  });

  it('ships package.json (for "type": "module"), dist, config and reference', () => {
    expect(pkg.type).toBe('module');
    const shipped = copies(final).flatMap((c) => c.sources.map((s) => s.replace(/^\/app\//, '')));
    expect(shipped).toEqual(
      expect.arrayContaining(['package.json', 'package-lock.json', 'dist', 'config', 'reference']),
    );
  });

  it('copies only paths that exist and that .dockerignore lets through', () => {
    const ignored = readText('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    const fromContext = stages.flatMap((s) =>
      copies(s)
        .filter((c) => !c.from)
        .flatMap((c) => c.sources),
    );
    for (const src of fromContext) {
      expect(fileExists(src), `COPY ${src}: not in the repository`).toBe(true);
      expect(
        ignored.filter((p) => src === p || src.startsWith(`${p}/`)),
        `COPY ${src} is excluded by .dockerignore`,
      ).toEqual([]);
    }
  });

  it('exposes the default PORT', () => {
    expect(last(final, 'EXPOSE')?.args.trim()).toBe(String(defaultConfig().port));
  });

  it('checks health with node against /healthz, a route the web process serves', () => {
    const hc = last(final, 'HEALTHCHECK')?.args ?? '';
    const cmd = commandWords(hc.slice(hc.indexOf('CMD') + 3));
    expect(cmd[0]).toBe('node');
    expect(cmd.join(' ')).toContain('/healthz');
    expect(cmd.join(' ')).toContain('process.env.PORT');
    expect(hc).not.toMatch(/\b(curl|wget)\b/);
    expect(readText('src/http/health-routes.ts')).toContain("'/healthz'");
  });

  it("starts the all-in-one process by default: `npm start`'s command without --local, so never the simulator", () => {
    const cmd = commandWords(last(final, 'CMD')!.args);
    expect(cmd).toEqual(['node', ...NODE_FLAGS, 'dist/main.js']);
    // `npm start` is the local demo: same entry, no heap ceiling, the simulator.
    expect(pkg.scripts.start).toBe('node dist/main.js --local');
    expect(fileExists(sourceOfBuilt(cmd.at(-1)!))).toBe(true);
  });

  it('documents the web and worker overrides as the Procfile runs them', () => {
    const text = readText('Dockerfile');
    for (const script of ['start:web', 'start:worker']) {
      expect(pkg.scripts[script], `package.json has no ${script}`).toBeDefined();
      expect(text).toContain(pkg.scripts[script]);
    }
  });
});
