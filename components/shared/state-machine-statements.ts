/**
 * What every state machine role of the project needs to log and trace. CloudWatch Logs'
 * vended-log API and X-Ray take no resource-level permissions, so AWS documents "*" for these
 * actions, and these exact lists for Step Functions logging and tracing.
 */
export function stateMachineObservabilityStatements(): {
  Sid: string;
  Effect: "Allow";
  Action: string[];
  Resource: string;
}[] {
  return [
    {
      Sid: "DeliverExecutionLogs",
      Effect: "Allow",
      Action: [
        "logs:CreateLogDelivery",
        "logs:GetLogDelivery",
        "logs:UpdateLogDelivery",
        "logs:DeleteLogDelivery",
        "logs:ListLogDeliveries",
        "logs:PutResourcePolicy",
        "logs:DescribeResourcePolicies",
        "logs:DescribeLogGroups",
      ],
      Resource: "*",
    },
    {
      Sid: "XRayTracing",
      Effect: "Allow",
      Action: [
        "xray:PutTraceSegments",
        "xray:PutTelemetryRecords",
        "xray:GetSamplingRules",
        "xray:GetSamplingTargets",
      ],
      Resource: "*",
    },
  ];
}
