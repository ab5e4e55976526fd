export { CollectorWorkflow } from "./collector-workflow";
export type {
  CollectorTargetTag,
  CollectorTargets,
  CollectorWorkflowArgs,
  CollectorWorkflowFunctionArgs,
  CollectorWorkflowProcessorArgs,
  CollectorWorkflowRetryArgs,
  CollectorWorkflowScheduleRetryArgs,
} from "./args";
export { COLLECTOR_WORKFLOW_DEFAULTS } from "../../contract/defaults/collector-workflow";
export {
  buildDefinition,
  WORKFLOW_RUN_STATUS,
  WORKFLOW_STATE_NAMES,
  type BranchOutcome,
  type DefinitionOptions,
  type RunOutput,
  type RunStatus,
} from "./definition";
export {
  eventBridgeQueueKeyStatement,
  logsKeyStatement,
  workflowLogGroupNames,
  type KeyPolicyStatement,
} from "./key-grants";
// The state machine language the local twin runs the definitions in.
export type { Json, StateMachineDefinition } from "./asl";
