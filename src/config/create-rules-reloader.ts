import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { statSync } from 'node:fs';
import type { Metrics } from '../shared/create-metrics.js';
import type { Logger } from '../shared/logger.js';
import type { MutableRulesSource } from '../rules/rules-in-force.js';
import { loadRules, type LoadedRules } from './load-rules.js';
import { RulesLoadError } from './rules-load-error.js';

export type ReloadResult =
  | { readonly result: 'ok'; readonly version: string; readonly previous: string }
  | { readonly result: 'unchanged'; readonly version: string }
  | { readonly result: 'refused'; readonly problems: string; readonly version: string };

export interface RulesReloaderOptions {
  readonly path: string;
  readonly source: MutableRulesSource;
  readonly metrics: Metrics;
  readonly log: Logger;
  readonly load?: (path: string) => LoadedRules;
  /** Waits this long after the last file event, so an editor's save is read once, whole. */
  readonly debounceMs?: number;
  /** Called after every reload attempt (tests wait on it). */
  readonly onReload?: (result: ReloadResult) => void;
}

/**
 * Reloads `RULES_PATH` on change (and on demand, e.g. SIGHUP). A valid set replaces the one in
 * force in one assignment, so a callback is decided wholly by the old set or wholly by the new;
 * an invalid set is refused, logged with its problems and counted, and the old set stays.
 */
export function createRulesReloader(opts: RulesReloaderOptions) {
  const load = opts.load ?? ((path: string) => loadRules(path));
  const { source, metrics, log } = opts;
  metrics.rulesInfo.set({ version: source.current().version }, 1);

  function reload(reason: string): ReloadResult {
    const previous = source.current().version;
    let outcome: ReloadResult;
    try {
      const next = load(opts.path).ruleSet;
      if (next.version === previous) {
        outcome = { result: 'unchanged', version: previous };
      } else {
        source.replace(next);
        metrics.rulesInfo.reset();
        metrics.rulesInfo.set({ version: next.version }, 1);
        metrics.rulesReloads.inc({ result: 'ok' });
        log.info(
          { reason, version: next.version, previous, rules: next.rules.length },
          'rules reloaded',
        );
        outcome = { result: 'ok', version: next.version, previous };
      }
    } catch (err) {
      const problems = err instanceof RulesLoadError ? err.message : String(err);
      metrics.rulesReloads.inc({ result: 'refused' });
      log.error({ reason, problems, version: previous }, 'rules refused; the rules in force stay');
      outcome = { result: 'refused', problems, version: previous };
    }
    opts.onReload?.(outcome);
    return outcome;
  }

  /** Starts watching; returns a function that stops. */
  function start(): () => void {
    // Watch the folder (or the file's folder): editors save by writing a new file and renaming.
    const isDir = statSync(opts.path).isDirectory();
    const dir = isDir ? opts.path : dirname(opts.path);
    const name = isDir ? undefined : basename(opts.path);
    let timer: NodeJS.Timeout | undefined;
    const watcher: FSWatcher = watch(dir, (_event, file) => {
      if (name !== undefined && file !== null && file !== name) {
        return;
      }
      clearTimeout(timer);
      timer = setTimeout(() => reload('file changed'), opts.debounceMs ?? 200);
    });
    watcher.on('error', (err) =>
      log.warn({ err: err.message }, 'rules watcher error; SIGHUP still reloads'),
    );
    return () => {
      clearTimeout(timer);
      watcher.close();
    };
  }

  return { reload, start };
}
