import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startService, type TestService } from '../support/start-service.js';

let dir: string;
let rulesFile: string;
let svc: TestService;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tra-rules-'));
  rulesFile = join(dir, 'rules.yaml');
  copyFileSync('test/fixtures/rules/e2e.yaml', rulesFile);
  svc = await startService({ rulesPath: rulesFile, watchRules: true, worker: false });
});
afterEach(async () => {
  await svc.close();
  rmSync(dir, { recursive: true, force: true });
});

const inlineAccept = () => svc.callback({ taskAttributes: { flow: 'accept', inline: true } });

async function readyVersion(): Promise<string> {
  const res = await fetch(`${svc.url}/readyz`);
  return ((await res.json()) as { rulesVersion: string }).rulesVersion;
}

describe('live reload of the rules', () => {
  it('when the file changes under the running web process, then the next callback is decided by the new rules', async () => {
    const before = await readyVersion();
    expect((await svc.postSigned(inlineAccept())).json).toEqual({ instruction: 'accept' });

    const reloaded = svc.nextReload();
    const text = readFileSync(rulesFile, 'utf8').replace(
      /name: inline-accept\n(\s+)when: (.*)\n\s+instruction: accept/,
      'name: inline-accept\n$1when: $2\n$1instruction: reject',
    );
    writeFileSync(rulesFile, text);
    expect(await reloaded).toMatchObject({ result: 'ok', previous: before });

    const after = await readyVersion();
    expect(after).not.toBe(before);
    const params = inlineAccept();
    expect((await svc.postSigned(params)).json).toEqual({ instruction: 'reject' });
    expect(await svc.record(params.ReservationSid!)).toMatchObject({
      rule: 'inline-accept',
      instruction: 'reject',
      rulesVersion: after,
    });
    expect(await (await fetch(`${svc.url}/metrics`)).text()).toMatch(
      new RegExp(`tra_rules_info\\{version="${after}"\\} 1`),
    );
  });

  it('when the change is invalid, then it is refused with its problems and the old rules keep deciding', async () => {
    const before = await readyVersion();
    const refused = svc.nextReload();
    writeFileSync(
      rulesFile,
      readFileSync(rulesFile, 'utf8').replace('instruction: accept', 'instruction: acept'),
    );
    const result = await refused;
    expect(result.result).toBe('refused');
    expect(result.result === 'refused' && result.problems).toMatch(
      /rules\.yaml:\d+:\d+ \[inline-accept\]/,
    );

    expect(await readyVersion()).toBe(before);
    expect((await svc.postSigned(inlineAccept())).json).toEqual({ instruction: 'accept' });
    expect(await (await fetch(`${svc.url}/metrics`)).text()).toMatch(
      /tra_rules_reloads_total\{result="refused"\} 1/,
    );
    expect(svc.logLines.some((l) => l.includes('rules refused; the rules in force stay'))).toBe(
      true,
    );
  });

  it('when a reload is forced (SIGHUP) with nothing changed, then the set in force stays as it is', () => {
    const version = svc.rules.current().version;
    expect(svc.reloader.reload('SIGHUP')).toEqual({ result: 'unchanged', version });
  });
});
