import { runLocal } from './run-local.js';
import { runProcess } from './run-process.js';

/** `npm start`: the real service when Twilio credentials are set, else local mode. */
export async function runMain(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const hasCredentials = Boolean(env.TWILIO_ACCOUNT_SID) || Boolean(env.TWILIO_AUTH_TOKEN);
  await (hasCredentials ? runProcess('all') : runLocal(env));
}
