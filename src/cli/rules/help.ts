/** Help texts of the `rules` commands (`--help`). */

const PATH_LINE =
  'PATH is a rules file (.yaml, .yml, .json) or a folder of them; default: RULES_PATH, else config/rules.yaml.';

export const RULES_CHECK_HELP = `Usage: taskrouter-assigner rules check [PATH] [--at ISO-TIME] [--strict]

Validates rules files as the service loads them: every problem with file:line:column, the rule,
the offending source line with a caret, and a hint. Runs the files' tests: too. Warns about
risky templates (attributes that choose a URL's contents, who is dialled or the caller ID).

  --at <iso>   the moment tests without at: are decided at (default: now)
  --strict     warnings fail the check too
  -h, --help

${PATH_LINE}
Exit status: 0 clean (warnings allowed), 1 problems (or warnings with --strict), 2 bad usage.`;

export const RULES_TEST_HELP = `Usage: taskrouter-assigner rules test [PATH] [--at ISO-TIME] [--verbose]

Runs the rules files' tests: cases and prints each failure with what was expected and what the
rules decided, then "N passed, N failed".

  --at <iso>   the moment tests without at: are decided at (default: now)
  --verbose    list the passing cases too
  -h, --help

${PATH_LINE}
Exit status: 0 all passed, 1 a case failed or the rules do not load, 2 bad usage.`;

export const RULES_EXPLAIN_HELP = `Usage: taskrouter-assigner rules explain --callback FILE [PATH] [--at ISO-TIME] [--json]

Shows how the rules decide one Assignment Callback: every rule in order, whether it matched and,
if not, which part of its when was false (or null) with the values seen; the rule chosen and its
instruction; the REST form fields the worker would send (PascalCase, as the twilio library
serialises them) and the inline JSON answer. Secret params are masked.

  --callback <file>  the callback: a JSON object of its form parameters (TaskSid, TaskAttributes…),
                     a JSON object {task, worker, callback} of facts, or a raw form body (a=b&c=d)
  --at <iso>         the moment to decide at (schedules); default: now
  --json             machine-readable output
  -h, --help

${PATH_LINE}
TASKROUTER_BASE_URL, when set, is the host shown in the REST URL.
Exit status: 0 explained, 1 the rules do not load, 2 bad usage or an unreadable callback.`;
