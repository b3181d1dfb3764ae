import {
  LOCAL_ACCOUNT_SID,
  LOCAL_AUTH_TOKEN,
  loadConfig,
  localModeProblems,
  type Config,
} from '../config/env.js';
import { AppError } from '../shared/errors.js';
import { ASSIGNMENT_PATH } from '../http/assignment-route.js';
import { EVENTS_PATH } from '../http/events-route.js';
import type { Scenario } from '../simulator/scenario/compile-scenario.js';
import { applyOverrides } from '../simulator/scenario/apply-overrides.js';
import { startSimulator, type Simulator } from '../simulator/start-simulator.js';
import { simulatorOptionsFromScenario } from '../simulator/traffic/simulator-options-from-scenario.js';
import { resolveLocalRedis } from './resolve-local-redis.js';
import type { RedisServer } from './start-redis-server.js';

/** What the service needs to run against the built-in simulator, and what to stop afterwards. */
export interface LocalTaskRouter {
  /** Redis for the service: `REDIS_URL`, the default port, or a private `redis-server`. */
  readonly redis: { readonly url: string; readonly server: RedisServer | undefined };
  /** The scenario, its callbacks pointed at the service. */
  readonly scenario: Scenario;
  readonly sim: Simulator;
  /** The service's configuration: local credentials, that Redis, the simulator as TaskRouter. */
  readonly config: Config;
  /** Closes the simulator and stops a private `redis-server`. */
  stop(): Promise<void>;
}

/**
 * The local-mode stand-in for TaskRouter (shared by `npm start` without credentials and by
 * `rehearse`): resolves Redis, starts the simulator with the local credentials and `scenario`'s
 * workflows, points the scenario's callbacks at `serviceUrl`, and reads the service's Config from
 * `env` (`allowLocal`), with that Redis and the simulator's URL. Traffic is the caller's to start.
 */
export async function startLocalTaskRouter(opts: {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly serviceUrl: string;
  readonly scenario: Scenario;
}): Promise<LocalTaskRouter> {
  const { env, serviceUrl } = opts;
  // Refused before anything starts: no simulator with a public token where a deployment runs.
  const refused = localModeProblems(env);
  if (refused.length > 0) {
    throw new AppError('ERR_CONFIG_INVALID', `\n  - ${refused.join('\n  - ')}`);
  }
  const redis = await resolveLocalRedis(env.REDIS_URL);
  const scenario = applyOverrides(opts.scenario, {
    assignmentUrl: serviceUrl + ASSIGNMENT_PATH,
    fallbackUrl: serviceUrl + ASSIGNMENT_PATH,
    eventsUrl: serviceUrl + EVENTS_PATH,
  });
  const sim = await startSimulator(
    simulatorOptionsFromScenario(scenario, {
      accountSid: LOCAL_ACCOUNT_SID,
      authToken: LOCAL_AUTH_TOKEN,
      port: 0,
    }),
  );
  const stop = async () => {
    await sim.close();
    await redis.server?.stop();
  };
  try {
    const config = loadConfig(
      { LOG_LEVEL: 'warn', ...env, REDIS_URL: redis.url, TASKROUTER_BASE_URL: sim.url },
      { allowLocal: true },
    );
    return { redis, scenario, sim, config, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
