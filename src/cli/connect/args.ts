import { UsageError } from '../shared/usage-error.js';
import { parseOptions } from '../shared/parse-options.js';
import { readWorkspaceSelection, type WorkspaceSelection } from '../shared/workspace-selection.js';

export interface ConnectArgs extends WorkspaceSelection {
  readonly fallbackUrl: string | undefined;
  readonly apply: boolean;
  readonly takeOver: boolean;
}

/** Parses `connect`'s argv; 'help' for --help. @throws UsageError */
export function parseConnectArgs(argv: readonly string[]): ConnectArgs | 'help' {
  const values = parseOptions(
    argv,
    {
      workspace: { type: 'string' },
      workflow: { type: 'string', multiple: true },
      'fallback-url': { type: 'string' },
      apply: { type: 'boolean', default: false },
      'take-over': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    'connect',
  );
  if (values.help) {
    return 'help';
  }
  const fallbackUrl = values['fallback-url'];
  if (fallbackUrl !== undefined && !/^https?:\/\/[^\s]+$/.test(fallbackUrl)) {
    throw new UsageError(
      `--fallback-url must be an http(s) URL; got ${JSON.stringify(fallbackUrl)}`,
      'connect',
    );
  }
  return {
    ...readWorkspaceSelection(values.workspace, values.workflow, 'connect'),
    fallbackUrl,
    apply: values.apply,
    takeOver: values['take-over'],
  };
}
