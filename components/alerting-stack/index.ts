export { AlertingStack } from "./alerting-stack";
export type { AlertingStackArgs, AlertingTopicArgs } from "./args";
export { ALERTING_STACK_DEFAULTS } from "./defaults";
export { buildDashboardBody, type DashboardBody, type DashboardInput } from "./dashboard";
