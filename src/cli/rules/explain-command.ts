import { readFileSync } from 'node:fs';
import type { CommandIo } from '../shared/command-io.js';
import { explainCallback } from './explain-callback.js';
import { formatExplainReport } from './format-explain-report.js';
import { loadRulesOrReport } from '../shared/load-rules-or-report.js';
import type { Command } from '../shared/command.js';
import { readCallbackInput, type CallbackInput } from './read-callback-input.js';
import { readBaseUrl } from '../shared/read-credentials.js';
import { parseAt, parseRulesArgs } from './args.js';
import { reportUsageError, UsageError } from '../shared/usage-error.js';
import { RULES_EXPLAIN_HELP } from './help.js';
import { resolveRulesPath } from '../shared/rules-path.js';

interface ExplainArgs {
  readonly path: string;
  readonly input: CallbackInput;
  readonly now: number;
  readonly json: boolean;
  readonly baseUrl: string;
}

function readInput(file: string | undefined): CallbackInput {
  if (file === undefined) {
    throw new UsageError('--callback FILE is required');
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
  }
  return readCallbackInput(text);
}

function parse(argv: readonly string[], env: CommandIo['env']): ExplainArgs | 'help' {
  const args = parseRulesArgs(argv, {
    callback: { type: 'string' },
    at: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (args.values.help === true) {
    return 'help';
  }
  return {
    path: resolveRulesPath(args.path, env),
    now: parseAt(args.values.at) ?? Date.now(),
    json: args.values.json === true,
    input: readInput(args.values.callback),
    baseUrl: readBaseUrl(env),
  };
}

/**
 * `taskrouter-assigner rules explain --callback FILE [PATH]`: how the rules decide one callback,
 * rule by rule, and what the service would send for it (text, or JSON with `--json`).
 */
export function createRulesExplainCommand(io: CommandIo): Command {
  return async (argv) => {
    let args: ExplainArgs | 'help';
    try {
      args = parse(argv, io.env);
    } catch (err) {
      return reportUsageError(io.stderr, err, 'rules explain');
    }
    if (args === 'help') {
      io.stdout(`${RULES_EXPLAIN_HELP}\n`);
      return 0;
    }
    // Explaining is for debugging: rules whose own tests fail are explained all the same.
    const loaded = loadRulesOrReport(args.path, { runTests: false }, io.stdout);
    if (loaded === undefined) {
      return 1;
    }
    const report = await explainCallback({
      ruleSet: loaded.ruleSet,
      rules: { path: args.path, files: loaded.files },
      input: args.input,
      now: args.now,
      baseUrl: args.baseUrl,
    });
    io.stdout(`${args.json ? JSON.stringify(report, null, 2) : formatExplainReport(report)}\n`);
    return 0;
  };
}
