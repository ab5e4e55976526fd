/**
 * The name prefixes the pipelines of this program use: two with one prefix would give their
 * functions, alarms and dashboard the same physical names. One program is one process.
 */
const PREFIXES = new Map<string, string>();

/** Why this prefix cannot be used by the component `owner`, or undefined. */
export function namePrefixProblem(prefix: string, owner: string): string | undefined {
  const holder = PREFIXES.get(prefix);
  if (holder === undefined || holder === owner) return undefined;
  return `namePrefix "${prefix}" is already used by ${holder} in this program: physical names (functions, alarms, dashboard) would collide; give each pipeline its own`;
}

/** Records the prefix as taken by `owner` (after its args passed validation). */
export function claimNamePrefix(prefix: string, owner: string): void {
  PREFIXES.set(prefix, owner);
}

/** Forgets every prefix: for tests that build many programs in one process. */
export function forgetNamePrefixes(): void {
  PREFIXES.clear();
}
