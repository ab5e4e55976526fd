export { MonitoringPipeline } from "./monitoring-pipeline";
export type { MonitoringPipelineArgs, MonitoringPipelineExistingArgs } from "./args";
export { validateMonitoringPipelineArgs } from "./validate";
