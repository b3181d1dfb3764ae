/** Where `rules …` commands read rules when no PATH is given: as the service does (design.md §3). */
export const DEFAULT_RULES_PATH = 'config/rules.yaml';

/** The PATH argument, else `RULES_PATH`, else `config/rules.yaml`. */
export function resolveRulesPath(
  given: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): string {
  const fromEnv = env.RULES_PATH?.trim();
  return given ?? (fromEnv !== undefined && fromEnv !== '' ? fromEnv : DEFAULT_RULES_PATH);
}
