import { formatLocalSummary } from '../local/format-local-summary.js';
import { startLocalTaskRouter } from '../local/start-local-taskrouter.js';
import { applyOverrides } from '../simulator/scenario/apply-overrides.js';
import { loadScenario } from '../simulator/scenario/load-scenario.js';
import { startTraffic } from '../simulator/traffic/start-traffic.js';
import { maskUrlCredentials } from '../shared/mask-url-credentials.js';
import { runProcess } from './run-process.js';

/** A week of simulated arrivals: the demo runs until stopped. */
const DEMO_SECONDS = 7 * 24 * 3600;

/**
 * `npm start` (`--local`) with no Twilio credentials: the whole service on local defaults, on
 * 127.0.0.1 only, with the built-in
 * simulator playing TaskRouter (scenario `SCENARIO_PATH`, default config/examples/scenario.yaml)
 * against it, and a one-line summary every few seconds.
 */
export async function runLocal(env: NodeJS.ProcessEnv): Promise<void> {
  const port = Number(env.PORT ?? 3000);
  const base = `http://127.0.0.1:${port}`;
  const scenarioPath = env.SCENARIO_PATH ?? 'config/examples/scenario.yaml';
  const { redis, scenario, sim, config } = await startLocalTaskRouter({
    env,
    serviceUrl: base,
    scenario: applyOverrides(await loadScenario(scenarioPath), { durationSeconds: DEMO_SECONDS }),
  });
  // Started once the service listens; stopped first on shutdown.
  const running: { traffic?: ReturnType<typeof startTraffic>; heartbeat?: NodeJS.Timeout } = {};
  await runProcess('all', {
    config,
    before: [
      {
        name: 'local-traffic',
        run: async () => {
          clearInterval(running.heartbeat);
          running.traffic?.stop();
          await sim.drainCallbacks();
          print(`final ${formatLocalSummary(sim.summary())}`);
        },
      },
    ],
    after: [
      { name: 'simulator', run: () => sim.close() },
      { name: 'local-redis', run: async () => redis.server?.stop() },
    ],
  });
  print(
    `taskrouter-assigner in local mode on ${base} (no Twilio credentials set)\n` +
      `  Redis: ${maskUrlCredentials(redis.url)}${redis.server ? ' (private redis-server, stopped on exit)' : ''}\n` +
      `  TaskRouter simulator: ${sim.url}, scenario ${scenarioPath}\n` +
      `  rules: ${config.rulesPath} — edit them and they reload; Ctrl-C stops everything`,
  );
  running.traffic = startTraffic(sim, scenario);
  running.heartbeat = setInterval(() => print(formatLocalSummary(sim.summary())), 5000);
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}
