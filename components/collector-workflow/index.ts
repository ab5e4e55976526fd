export { CollectorWorkflow } from "./collector-workflow";
export type {
  CollectorTargets,
  CollectorWorkflowArgs,
  CollectorWorkflowFunctionArgs,
  CollectorWorkflowRetryArgs,
} from "./args";
export { COLLECTOR_WORKFLOW_DEFAULTS } from "./defaults";
export {
  buildDefinition,
  WORKFLOW_RUN_STATUS,
  WORKFLOW_STATE_NAMES,
  type BranchOutcome,
  type DefinitionOptions,
  type RunOutput,
  type RunStatus,
} from "./definition";
