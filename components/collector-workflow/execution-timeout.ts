/**
 * The execution-level TimeoutSeconds, derived from the definition's own task timeouts and
 * retries: the longest path through the states when every attempt of every Task times out
 * and every retry waits its full backoff, plus a margin for transitions and cold starts.
 * Without it a hung execution runs for a year and ExecutionsTimedOut can never fire.
 */
import type { Branch, Retrier, State } from "./asl";

/** Room for state transitions, cold starts and the service's own scheduling. */
export const EXECUTION_TIMEOUT_MARGIN_SECONDS = 60;

/** Worst case of one Task: every attempt runs to its timeout, with the longest retrier's pauses. */
export function worstCaseTaskSeconds(timeoutSeconds: number, retriers: readonly Retrier[]): number {
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
 * which only the input knows); a Choice or Catch its slowest way on. Loops are refused:
 * their length cannot be bounded from the definition.
 */
export function worstCasePathSeconds(branch: Branch, mapRounds = 1): number {
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
      own = worstCaseTaskSeconds(state.TimeoutSeconds, state.Retry ?? []);
    }
    if (state.Branches)
      own = Math.max(0, ...state.Branches.map((b) => worstCasePathSeconds(b, mapRounds)));
    const processor = state.ItemProcessor ?? state.Iterator;
    if (processor) own = worstCasePathSeconds(processor, mapRounds) * mapRounds;
    const next = [state.Next, state.Default, ...(state.Choices ?? []), ...(state.Catch ?? [])]
      .map((n) => (typeof n === "string" ? n : n?.Next))
      .filter((n): n is string => n !== undefined);
    const total = own + Math.max(0, ...next.map((n) => walk(n, here)));
    memo.set(name, total);
    return total;
  };
  return walk(branch.StartAt, new Set());
}

/** The execution's TimeoutSeconds: the worst-case path plus the margin, in whole seconds. */
export function executionTimeoutSeconds(branch: Branch, mapRounds = 1): number {
  return Math.ceil(worstCasePathSeconds(branch, mapRounds) + EXECUTION_TIMEOUT_MARGIN_SECONDS);
}

/** The definition with its TimeoutSeconds: the given one, or the derived one. */
export function withExecutionTimeout<T extends Branch>(
  timeoutSeconds: number | undefined,
  definition: T,
): T & { readonly TimeoutSeconds: number } {
  return { ...definition, TimeoutSeconds: timeoutSeconds ?? executionTimeoutSeconds(definition) };
}
