import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's chromium, driven by playwright-core (which downloads no browser of its own). CI installs
 * it (`apt-get install -y chromium`); a developer machine without it skips browser tests with a
 * message, but CI never does.
 */
const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
const executablePath = CANDIDATES.find(
  (p): p is string => p !== undefined && p !== '' && existsSync(p),
);
const inCi = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';

/** True (after a warning naming `file`) when this machine has no chromium and CI is not set. */
export function skipWithoutChromium(file: string): boolean {
  const skip = executablePath === undefined && !inCi;
  if (skip) {
    console.warn(
      `${file} skipped: no chromium at /usr/bin/chromium (or CHROMIUM_PATH). ` +
        'Install it with `apt-get install -y chromium`; with CI set this test fails instead of skipping.',
    );
  }
  return skip;
}

/** Launches chromium headless, without reaching any other host. */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  if (executablePath === undefined) {
    throw new Error(
      'CI is set but chromium is missing: install it with `apt-get install -y chromium`.',
    );
  }
  return chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}
