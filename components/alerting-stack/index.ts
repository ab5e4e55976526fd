export { AlertingStack } from "./alerting-stack";
export type { AlertingStackArgs, AlertingTopicArgs } from "./args";
export { ALERTING_STACK_DEFAULTS } from "../../contract/defaults/alerting-stack";
export { buildDashboardBody, type DashboardBody, type DashboardInput } from "./dashboard";
// What the local twin evaluates and draws as the deployed stack does.
export { buildAlarmSpecs, type AlarmSpec, type MissingDataTreatment } from "./alarm-specs";
export type { MetricRow, MetricWidget, Widget } from "./dashboard";
export { AWS_METRICS } from "./aws-metrics";
export { runPeriodSeconds } from "./timing";
