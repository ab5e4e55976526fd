import type { ResourceValidationPolicy } from "@pulumi/policy";
import { forType, isSet } from "./helpers";
import { TYPES } from "./types";

export const logGroupRetention: ResourceValidationPolicy = {
  name: "log-group-retention",
  description: "CloudWatch log groups set a retention period.",
  enforcementLevel: "mandatory",
  validateResource: forType(TYPES.logGroup, (props, _args, report) => {
    const days = props.retentionInDays as number | undefined;
    // 0 is the provider's "never expire".
    if (days === undefined || days === 0) report("No retention is set (retentionInDays).");
  }),
};

export const logGroupEncryption: ResourceValidationPolicy = {
  name: "log-group-kms-encryption",
  description:
    "CloudWatch log groups are encrypted with a customer-managed KMS key (kmsKeyId); advisory, as CloudWatch Logs encrypts at rest with its own keys anyway.",
  enforcementLevel: "advisory",
  validateResource: forType(TYPES.logGroup, (props, _args, report) => {
    if (!isSet(() => props.kmsKeyId)) {
      report("The log group has no customer-managed KMS key (kmsKeyId).");
    }
  }),
};

export const stateMachineLogging: ResourceValidationPolicy = {
  name: "state-machine-logging",
  description: "Step Functions state machines log to CloudWatch Logs (level ALL, ERROR or FATAL).",
  enforcementLevel: "mandatory",
  validateResource: forType(TYPES.stateMachine, (props, _args, report) => {
    const logging = props.loggingConfiguration;
    const level = logging?.level as string | undefined;
    if (level === undefined || level === "OFF") {
      report("Logging is off (loggingConfiguration.level).");
    } else if (!isSet(() => logging?.logDestination)) {
      report("Logging has no destination log group (loggingConfiguration.logDestination).");
    }
  }),
};

export const stateMachineTracing: ResourceValidationPolicy = {
  name: "state-machine-tracing",
  description: "Step Functions state machines have X-Ray tracing enabled.",
  enforcementLevel: "mandatory",
  validateResource: forType(TYPES.stateMachine, (props, _args, report) => {
    if (props.tracingConfiguration?.enabled !== true) {
      report("X-Ray tracing is not enabled (tracingConfiguration.enabled).");
    }
  }),
};

const ATHENA_ENCRYPTION = ["SSE_S3", "SSE_KMS", "CSE_KMS"];

export const athenaWorkgroup: ResourceValidationPolicy = {
  name: "athena-workgroup-enforced-encrypted",
  description:
    "Athena workgroups enforce their configuration (clients cannot override it) and encrypt query results.",
  enforcementLevel: "mandatory",
  validateResource: forType(TYPES.workgroup, (props, _args, report) => {
    const config = props.configuration;
    if (config?.enforceWorkgroupConfiguration !== true) {
      report(
        "The workgroup configuration is not enforced (configuration.enforceWorkgroupConfiguration).",
      );
    }
    const option = config?.resultConfiguration?.encryptionConfiguration?.encryptionOption as
      string | undefined;
    if (option === undefined || !ATHENA_ENCRYPTION.includes(option)) {
      report(
        `Query results are not encrypted (configuration.resultConfiguration.encryptionConfiguration.encryptionOption: ${ATHENA_ENCRYPTION.join(", ")}).`,
      );
    }
  }),
};

export const observabilityPolicies: readonly ResourceValidationPolicy[] = [
  logGroupRetention,
  logGroupEncryption,
  stateMachineLogging,
  stateMachineTracing,
  athenaWorkgroup,
];
