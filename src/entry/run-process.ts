import type { Server } from 'node:http';
import { refuseForeignLayout } from '../compose/check-queue-layout.js';
import { createInfrastructure } from '../compose/create-infrastructure.js';
import { listenHttp } from './listen-http.js';
import { loadConfig, type Config } from '../config/env.js';
import { createMetrics } from '../shared/create-metrics.js';
import { warnOnRedisPolicy } from '../shared/warn-on-redis-policy.js';
import { createLogger, type Logger } from '../shared/logger.js';
import { shutdownWithin, type ShutdownStep } from '../shared/shutdown-within.js';

export type ProcessKind = 'web' | 'worker' | 'all';

/**
 * The entry point of every process: the one place that reads `process.env`, listens, handles
 * signals and exits. `web` and `worker` are the Procfile's lines; `all` runs both in one process.
 */
export async function runProcess(
  kind: ProcessKind,
  opts: {
    config?: Config;
    /** Run before the service's own shutdown steps (e.g. stop local traffic). */
    before?: readonly ShutdownStep[];
    /** Run after them (e.g. stop the local simulator and Redis). */
    after?: readonly ShutdownStep[];
  } = {},
): Promise<void> {
  const config = opts.config ?? loadConfig(process.env);
  const log = createLogger({ level: config.logLevel, pretty: process.stdout.isTTY === true });
  process.on('uncaughtException', (err) => fatal(log, err));
  process.on('unhandledRejection', (err) => fatal(log, err));
  if (config.sealingFromAuthToken && !config.local) {
    log.warn(
      'SEALING_KEYS is unset: sealing keys still derive from TWILIO_AUTH_TOKEN (deprecated; required with NODE_ENV=production). ' +
        'Set SEALING_KEYS=<new key>,legacy-auth-token (docs/deployment.md, "Sealing keys")',
    );
  }
  const metrics = createMetrics({ defaultMetrics: true });
  const now = Date.now;
  const infra = createInfrastructure({ config, metrics, log, now });
  // One look at Redis's eviction policy; a Redis that is down now is the processes' concern.
  await infra.probeRedis((redis) => warnOnRedisPolicy(redis, log));
  // Work left in another shard layout would never be served, or be served twice: refuse to start.
  await refuseForeignLayout(infra, config, now);
  const steps: ShutdownStep[] = [...(opts.before ?? [])];
  let server: Server | undefined;

  // Each process loads only its own half (the web: its Express app, the rules engine and its
  // reloader; the worker: the processor and its metrics listener), so neither pays at start for
  // modules it never runs. Both load the twilio REST client (the web for Workflow timeouts and the
  // admin API), through the infrastructure.
  if (kind !== 'worker') {
    const [{ createWebProcess }, { createRulesReloader }, { createRulesSource }, { loadRules }] =
      await Promise.all([
        import('../compose/create-web-process.js'),
        import('../config/create-rules-reloader.js'),
        import('../rules/rules-in-force.js'),
        import('../config/load-rules.js'),
      ]);
    const rules = createRulesSource(loadRules(config.rulesPath).ruleSet);
    const reloader = createRulesReloader({
      path: config.rulesPath,
      source: rules,
      metrics,
      log: log.child({ module: 'rules' }),
    });
    const stopWatching = reloader.start();
    process.on('SIGHUP', () => reloader.reload('SIGHUP'));
    steps.push({ name: 'rules-watch', run: () => Promise.resolve(stopWatching()) });
    const web = createWebProcess({ config, infra, rules, metrics, log, now });
    server = await explainTakenPort(
      'PORT',
      config.port,
      listenHttp(web.app, config.port, config.http, config.listenHost),
    );
    log.info(
      {
        port: config.port,
        publicBaseUrl: config.publicBaseUrl,
        rulesVersion: rules.current().version,
      },
      'web listening',
    );
    steps.push({ name: 'http', run: () => closeServer(server as Server) }, ...web.shutdownSteps);
  }
  if (kind !== 'web') {
    const [{ createWorkerProcess }, { createMetricsListener }] = await Promise.all([
      import('../compose/create-worker-process.js'),
      import('../http/create-metrics-listener.js'),
    ]);
    // The port first: a worker that took jobs and then died on a taken port would strand them
    // until stall detection, past their deadlines, at every restart of its supervisor.
    const metricsServer =
      kind === 'worker' && config.metricsPort !== undefined
        ? await explainTakenPort(
            'METRICS_PORT',
            config.metricsPort,
            listenHttp(createMetricsListener(metrics), config.metricsPort, config.http),
          )
        : undefined;
    const worker = createWorkerProcess({ config, infra, metrics, log, now });
    log.info({ concurrency: config.worker.concurrency }, 'worker started');
    steps.push(...worker.shutdownSteps);
    if (metricsServer) {
      log.info({ port: config.metricsPort }, 'worker metrics listening');
      steps.push({ name: 'metrics-http', run: () => closeServer(metricsServer) });
    }
  }

  // Redis goes last: the queue and the worker still use it while they close.
  steps.push(infra.close, ...(opts.after ?? []));
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      return;
    }
    stopping = true;
    log.info({ signal, graceMs: config.shutdownGraceMs }, 'shutting down');
    void shutdownWithin(config.shutdownGraceMs, steps, log, now).then((outcome) => {
      log.info({ outcome }, 'stopped');
      process.exit(0);
    });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

/** Names the setting when its port is taken, so the start-up error says what to change. */
async function explainTakenPort<T>(
  setting: string,
  port: number,
  listening: Promise<T>,
): Promise<T> {
  try {
    return await listening;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(
        `${setting}=${port} is already in use by another process (EADDRINUSE): stop it, or set ${setting} to a free port`,
        { cause: err },
      );
    }
    throw err;
  }
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Keep-alive connections would hold close() open until they idle out.
    server.closeIdleConnections();
  });
}

function fatal(log: Logger, err: unknown): never {
  log.fatal({ err }, 'crashed; exiting so the supervisor restarts the process');
  process.exit(1);
}
