/**
 * The AWS service metrics the alarms and the dashboard read, as documented for each service
 * (Lambda, Step Functions, DynamoDB, SQS): namespace, dimension names and metric names.
 */
export const AWS_METRICS = Object.freeze({
  lambda: Object.freeze({
    namespace: "AWS/Lambda",
    functionName: "FunctionName",
    errors: "Errors",
    duration: "Duration",
    throttles: "Throttles",
    invocations: "Invocations",
  }),
  states: Object.freeze({
    namespace: "AWS/States",
    stateMachineArn: "StateMachineArn",
    started: "ExecutionsStarted",
    succeeded: "ExecutionsSucceeded",
    failed: "ExecutionsFailed",
    timedOut: "ExecutionsTimedOut",
  }),
  dynamodb: Object.freeze({
    namespace: "AWS/DynamoDB",
    tableName: "TableName",
    indexName: "GlobalSecondaryIndexName",
    /** Per event, table or index; ThrottledRequests would also need an Operation dimension. */
    readThrottles: "ReadThrottleEvents",
    writeThrottles: "WriteThrottleEvents",
    consumedReads: "ConsumedReadCapacityUnits",
    consumedWrites: "ConsumedWriteCapacityUnits",
  }),
  sqs: Object.freeze({
    namespace: "AWS/SQS",
    queueName: "QueueName",
    visible: "ApproximateNumberOfMessagesVisible",
  }),
});
