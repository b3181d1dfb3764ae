import { runLocal } from './run-local.js';
import { runProcess } from './run-process.js';

/** The flag `npm start` passes: local mode is something a checkout asks for, never a default. */
export const LOCAL_FLAG = '--local';

/**
 * `node dist/main.js`: the web and worker in one process, configured by the environment. With
 * `--local` (as `npm start` passes) and no Twilio credentials set, local mode instead: the built-in
 * simulator plays TaskRouter. Without the flag, missing credentials stop the process with one
 * message listing what to set, so a Docker image or a Procfile never starts the simulator.
 */
export async function runMain(
  env: NodeJS.ProcessEnv = process.env,
  argv: readonly string[] = process.argv.slice(2),
): Promise<void> {
  const hasCredentials = Boolean(env.TWILIO_ACCOUNT_SID) || Boolean(env.TWILIO_AUTH_TOKEN);
  await (argv.includes(LOCAL_FLAG) && !hasCredentials ? runLocal(env) : runProcess('all'));
}
