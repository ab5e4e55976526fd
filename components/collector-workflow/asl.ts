/**
 * The part of the Amazon States Language (JSONPath flavour) the workflow uses. Defined here
 * rather than imported so the published types need no development dependency.
 */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface Retrier {
  readonly ErrorEquals: readonly string[];
  readonly IntervalSeconds: number;
  readonly MaxAttempts: number;
  readonly BackoffRate: number;
}

export interface Catcher {
  readonly ErrorEquals: readonly string[];
  readonly ResultPath?: string | null;
  readonly Next: string;
}

interface Flow {
  readonly Next?: string;
  readonly End?: true;
  readonly Comment?: string;
}

export interface TaskState extends Flow {
  readonly Type: "Task";
  readonly Resource: string;
  readonly Parameters: { readonly [key: string]: Json };
  readonly ResultSelector?: { readonly [key: string]: Json };
  readonly ResultPath?: string | null;
  readonly TimeoutSeconds: number;
  readonly Retry?: readonly Retrier[];
  readonly Catch?: readonly Catcher[];
}

export interface PassState extends Flow {
  readonly Type: "Pass";
  readonly Parameters?: { readonly [key: string]: Json };
  readonly Result?: Json;
  readonly ResultPath?: string | null;
}

export interface ParallelState extends Flow {
  readonly Type: "Parallel";
  readonly Branches: readonly Branch[];
  readonly ResultSelector?: { readonly [key: string]: Json };
}

/** An inline Map: one iteration of ItemProcessor per element of the array at ItemsPath. */
export interface MapState extends Flow {
  readonly Type: "Map";
  readonly ItemsPath: string;
  readonly ItemSelector: { readonly [key: string]: Json };
  readonly MaxConcurrency: number;
  readonly ItemProcessor: Branch & { readonly ProcessorConfig: { readonly Mode: "INLINE" } };
  readonly ResultSelector?: { readonly [key: string]: Json };
}

export interface ChoiceRule {
  readonly Variable: string;
  readonly NumericEquals?: number;
  readonly StringEquals?: string;
  readonly BooleanEquals?: boolean;
  readonly Next: string;
}

export interface ChoiceState {
  readonly Type: "Choice";
  readonly Comment?: string;
  readonly Choices: readonly ChoiceRule[];
  readonly Default: string;
}

export interface SucceedState {
  readonly Type: "Succeed";
  readonly Comment?: string;
}

export interface FailState {
  readonly Type: "Fail";
  readonly Comment?: string;
  readonly Error: string;
  readonly Cause: string;
}

export type State =
  TaskState | PassState | ParallelState | MapState | ChoiceState | SucceedState | FailState;

export interface Branch {
  readonly StartAt: string;
  readonly States: { readonly [name: string]: State };
}

export interface StateMachineDefinition extends Branch {
  readonly Comment: string;
}
