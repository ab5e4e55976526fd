/**
 * The execution-level TimeoutSeconds, derived from the definition's own task timeouts and
 * retries. Without it a hung execution runs for a year and ExecutionsTimedOut never fires.
 *
 * Two bounds come from the states. The worst case: every Task attempt runs to its timeout and
 * every retry waits its full backoff, through every round of each Map (the plan's shard cap
 * over MaxConcurrency). The healthy round: every Task answers once within its timeout, one
 * round. The default is the worst case, capped at the schedule interval (the next run starts
 * then, so hung executions never pile up), never below one healthy round, and within the
 * workflow type's longest execution.
 */
import type { Branch, Retrier, State } from "./asl";

/** Room for state transitions, cold starts and the service's own scheduling. */
export const EXECUTION_TIMEOUT_MARGIN_SECONDS = 60;

/** Worst case of one Task: every attempt runs to its timeout, with the longest retrier's pauses. */
export function worstCaseTaskSeconds(
  timeoutSeconds: number,
  retriers: readonly Pick<Retrier, "IntervalSeconds" | "MaxAttempts" | "BackoffRate">[],
): number {
  let longest = 0;
  for (const r of retriers) {
    let pauses = 0;
    for (let i = 0; i < r.MaxAttempts; i++) pauses += r.IntervalSeconds * r.BackoffRate ** i;
    longest = Math.max(longest, r.MaxAttempts * timeoutSeconds + pauses);
  }
  return timeoutSeconds + longest;
}

interface AnyState {
  readonly Type: string;
  readonly Next?: string;
  readonly Default?: string;
  readonly TimeoutSeconds?: number;
  readonly Retry?: readonly Retrier[];
  readonly Catch?: readonly { readonly Next: string }[];
  readonly Choices?: readonly { readonly Next: string }[];
  readonly Branches?: readonly Branch[];
  /** Map states (inline processor). */
  readonly ItemProcessor?: Branch;
  readonly Iterator?: Branch;
  readonly MaxConcurrency?: number;
}

/**
 * The longest a run through `branch` can take, in seconds. A Parallel takes its slowest
 * branch; a Map its item processor once per round of `mapRounds` (items / MaxConcurrency,
 * which only the input knows); a Choice or Catch its slowest way on. Without `retried`, each
 * Task runs once. Loops are refused: their length cannot be bounded from the definition.
 */
export function worstCasePathSeconds(branch: Branch, mapRounds = 1, retried = true): number {
  const memo = new Map<string, number>();
  const walk = (name: string, seen: ReadonlySet<string>): number => {
    const known = memo.get(name);
    if (known !== undefined) return known;
    if (seen.has(name)) throw new Error(`state ${name} is part of a loop: no timeout bound`);
    const state = branch.States[name] as State & AnyState;
    if (!state) throw new Error(`no state named ${name}`);
    const here = new Set(seen).add(name);
    let own = 0;
    if (state.Type === "Task") {
      // Without one a Task waits up to a year: no bound to derive.
      if (state.TimeoutSeconds === undefined) throw new Error(`Task ${name} has no TimeoutSeconds`);
      own = worstCaseTaskSeconds(state.TimeoutSeconds, retried ? (state.Retry ?? []) : []);
    }
    const inner = (b: Branch) => worstCasePathSeconds(b, mapRounds, retried);
    if (state.Branches) own = Math.max(0, ...state.Branches.map(inner));
    const processor = state.ItemProcessor ?? state.Iterator;
    if (processor) own = inner(processor) * mapRounds;
    const next = [state.Next, state.Default, ...(state.Choices ?? []), ...(state.Catch ?? [])]
      .map((n) => (typeof n === "string" ? n : n?.Next))
      .filter((n): n is string => n !== undefined);
    const total = own + Math.max(0, ...next.map((n) => walk(n, here)));
    memo.set(name, total);
    return total;
  };
  return walk(branch.StartAt, new Set());
}

/** What the default TimeoutSeconds is derived from, beside the states. */
export interface ExecutionTimeoutBasis {
  /** Rounds of each Map at the plan's shard cap: ceil(shards / MaxConcurrency). */
  readonly mapRounds: number;
  /** Seconds between two scheduled runs. */
  readonly intervalSeconds: number;
  /** The workflow type's longest execution (Standard a year, Express five minutes). */
  readonly maxSeconds: number;
}

const withMargin = (seconds: number) => Math.ceil(seconds + EXECUTION_TIMEOUT_MARGIN_SECONDS);

/** Every round at its worst: every Task attempt times out, every retry waits its backoff. */
export function worstCaseRunSeconds(branch: Branch, mapRounds = 1): number {
  return withMargin(worstCasePathSeconds(branch, mapRounds));
}

/** One round in which every Task answers at its first attempt, up to its TimeoutSeconds. */
export function healthyRoundSeconds(branch: Branch): number {
  return withMargin(worstCasePathSeconds(branch, 1, false));
}

/** The default TimeoutSeconds: the worst case, capped at the interval, never below a healthy round. */
export function derivedExecutionTimeoutSeconds(
  branch: Branch,
  basis: ExecutionTimeoutBasis,
): number {
  const capped = Math.min(worstCaseRunSeconds(branch, basis.mapRounds), basis.intervalSeconds);
  return Math.min(basis.maxSeconds, Math.max(healthyRoundSeconds(branch), capped));
}

/** The definition with its TimeoutSeconds: the given one, or the derived one. */
export function withExecutionTimeout<T extends Branch>(
  timeoutSeconds: number | undefined,
  basis: ExecutionTimeoutBasis,
  definition: T,
): T & { readonly TimeoutSeconds: number } {
  const TimeoutSeconds = timeoutSeconds ?? derivedExecutionTimeoutSeconds(definition, basis);
  return { ...definition, TimeoutSeconds };
}
