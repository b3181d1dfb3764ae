/**
 * Prints the examples of the README's operations section from a real run: the service in-process
 * (the integration harness, with the simulator as TaskRouter and a private redis-server), some
 * traffic, then the admin API's answers and an excerpt of /metrics.
 *
 *   npx tsx bench/print-operations-examples.ts            # print them
 *   npx tsx bench/print-operations-examples.ts --write    # also replace them in docs/operations.md
 *
 * Uses REDIS_URL when set, else starts `redis-server` from PATH on a free port.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { startRedisServer } from '../test/support/redis-server.js';
import { ADMIN_TOKEN, PUBLIC_BASE_URL, WS, startService } from '../test/support/start-service.js';

const DOC = 'docs/operations.md';
const redisServer = process.env.REDIS_URL ? undefined : await startRedisServer();
const svc = await startService({
  rulesPath: 'test/fixtures/rules/e2e.yaml',
  redisUrl: process.env.REDIS_URL ?? redisServer!.url,
});

try {
  const sections = await run();
  const text = Object.entries(sections)
    .map(([name, body]) => `<!-- ${name} -->\n${body}`)
    .join('\n\n');
  console.log(text);
  if (process.argv.includes('--write')) {
    // docs/operations.md has every section; the README's operations section shows two of them.
    for (const [file, required] of [
      [DOC, true],
      ['README.md', false],
    ] as const) {
      let doc = readFileSync(file, 'utf8');
      for (const [name, body] of Object.entries(sections)) {
        const re = new RegExp(
          `(<!-- BEGIN generated: ${name} -->\\n)[\\s\\S]*?(<!-- END generated: ${name} -->)`,
        );
        if (!re.test(doc)) {
          if (required) {
            throw new Error(`${file} has no markers for ${name}`);
          }
          continue;
        }
        doc = doc.replace(re, (_m, begin: string, end: string) => `${begin}${body}\n${end}`);
      }
      writeFileSync(file, doc);
      console.error(`updated ${file}`);
    }
  }
} finally {
  await svc.close();
  await redisServer?.stop();
}

async function run(): Promise<Record<string, string>> {
  const customer = { flow: 'conference', to: '+14155550111' };
  const agent = { contact_uri: 'client:alice' };
  // Traffic that settles: async updates (one retried after a 503), one inline, one unmatched.
  svc.sim.faults.set({ kind: '503', count: 1, operations: ['update'] });
  const settled = [
    svc.callback({ taskAttributes: customer, workerAttributes: agent }),
    svc.callback({ taskAttributes: { flow: 'accept' } }),
    svc.callback({ taskAttributes: { flow: 'reject', inline: true } }),
    svc.callback({ taskAttributes: { flow: 'none-of-the-rules' } }),
  ];
  for (const params of settled) {
    await svc.postSigned(params);
  }
  for (const params of settled.slice(0, 2)) {
    await svc.jobFinished(params.ReservationSid!);
  }
  // Traffic in flight: the queue paused, as if the workers were busy.
  await svc.queue.pause();
  const waiting = [
    svc.callback({ taskAttributes: { flow: 'dequeue' }, workerAttributes: agent }),
    svc.callback({ taskAttributes: { flow: 'accept' } }),
  ];
  for (const params of waiting) {
    await svc.postSigned(params);
  }
  const wr = waiting[0]!.ReservationSid!;
  const wt = waiting[0]!.TaskSid!;
  svc.sim.createReservation({ workspaceSid: WS, taskSid: wt, workerSid: `WK${'0'.repeat(31)}9` });

  return {
    'admin-list': await admin('/admin/reservations?limit=2'),
    'admin-live': await admin(`/admin/reservations/${wr}?live=1`),
    'admin-task': await admin(`/admin/tasks/${wt}/reservations?workspaceSid=${WS}`),
    'admin-invalid': await admin(`/admin/reservations?state=done`),
    metrics: await metricsExcerpt(),
  };
}

async function admin(path: string): Promise<string> {
  const res = await fetch(svc.url + path, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  const body = JSON.stringify(await res.json(), null, 2);
  return [
    '```console',
    `$ curl -s -H "Authorization: Bearer $ADMIN_TOKEN" '${PUBLIC_BASE_URL}${path}'`,
    `HTTP ${res.status}`,
    body,
    '```',
  ].join('\n');
}

/** The service's own metrics and BullMQ's, without histogram buckets (their _sum and _count stay). */
async function metricsExcerpt(): Promise<string> {
  const text = await (await fetch(`${svc.url}/metrics`)).text();
  const lines = text
    .split('\n')
    .filter((l) => /^(# (HELP|TYPE) )?(tra_|bullmq_)/.test(l))
    .filter((l) => !/_bucket\{/.test(l));
  return ['```console', `$ curl -s ${PUBLIC_BASE_URL}/metrics`, ...lines, '```'].join('\n');
}
