import { expect } from "chai";
import type { CollectorWorkflow as CollectorWorkflowClass } from "../../../components/collector-workflow";
import {
  eventBridgeQueueKeyStatement,
  logsKeyStatement,
  workflowLogGroupNames,
} from "../../../components/collector-workflow/key-grants";
import {
  ACCOUNT_ID,
  byName,
  captureWarnings,
  mockedSuite,
  REGION,
  settled,
  valueOf,
} from "../../helpers/pulumi-mocks";
import { workflowArgs } from "./fixtures";

let CollectorWorkflow: typeof CollectorWorkflowClass;

const SCOPE = { partition: "aws", region: REGION, accountId: ACCOUNT_ID };
const LOG_KEY = `arn:aws:kms:${REGION}:${ACCOUNT_ID}:key/logs-key`;
const QUEUE_KEY = `arn:aws:kms:${REGION}:${ACCOUNT_ID}:key/queue-key`;

/** The CloudWatch Logs statement, written out as AWS's guide gives it, for the three groups. */
const LOGS_STATEMENT = {
  Sid: "AllowCloudWatchLogsForTheWorkflowLogGroups",
  Effect: "Allow",
  Principal: { Service: "logs.eu-west-1.amazonaws.com" },
  Action: [
    "kms:Encrypt*",
    "kms:Decrypt*",
    "kms:ReEncrypt*",
    "kms:GenerateDataKey*",
    "kms:Describe*",
  ],
  Resource: "*",
  Condition: {
    ArnEquals: {
      "kms:EncryptionContext:aws:logs:arn": [
        "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/cw-keys-collector",
        "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/cw-keys-processor",
        "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/vendedlogs/states/cw-keys-workflow",
      ],
    },
  },
};

const EVENTS_STATEMENT = {
  Sid: "AllowEventBridgeDeadLettersOfTheLakeRule",
  Effect: "Allow",
  Principal: { Service: "events.amazonaws.com" },
  Action: ["kms:Decrypt", "kms:GenerateDataKey"],
  Resource: "*",
  Condition: {
    StringEquals: { "aws:SourceAccount": "123456789012" },
    ArnLike: {
      "aws:SourceArn": "arn:aws:events:eu-west-1:123456789012:rule/cw-keys-lake-objects-*",
    },
  },
};

describe("CollectorWorkflow: the key policies passed KMS keys need", () => {
  mockedSuite(async () => {
    ({ CollectorWorkflow } = await import("../../../components/collector-workflow/index.js"));
  });

  it("CloudWatch Logs: the regional service principal, for the workflow's three log groups only", () => {
    expect(logsKeyStatement(SCOPE, workflowLogGroupNames("cw-keys"))).to.deep.equal(LOGS_STATEMENT);
  });

  it("EventBridge: the service principal may send the lake rule's dead letters, from this account", () => {
    expect(eventBridgeQueueKeyStatement(SCOPE, "cw-keys")).to.deep.equal(EVENTS_STATEMENT);
  });

  it("the log groups the statement names are the ones the component creates", async () => {
    const wf = new CollectorWorkflow("cw-keys", workflowArgs());
    await valueOf(wf.scheduleName);
    const resources = await settled();
    const names = ["collector-logs", "processor-logs", "workflow-logs"].map(
      (suffix) => byName(resources, `cw-keys-${suffix}`).inputs.name as string,
    );
    expect(names).to.deep.equal(workflowLogGroupNames("cw-keys"));
  });

  it("a passed log key and queue key: one warning each, naming the key and the exact statement", async () => {
    const warnings = await captureWarnings(
      () =>
        new CollectorWorkflow(
          "cw-keys",
          workflowArgs({ logKmsKeyArn: LOG_KEY, queueKmsKeyArn: QUEUE_KEY }),
        ),
    );
    const about = (key: string) => warnings.filter((w) => w.includes(key));
    expect(about(LOG_KEY)).to.deep.equal([
      `CollectorWorkflow cw-keys: logKmsKeyArn ${LOG_KEY} must let CloudWatch Logs use it, or creating the log groups fails. The key policy cannot be checked before deploying; make sure it holds: ${JSON.stringify(LOGS_STATEMENT)}`,
    ]);
    expect(about(QUEUE_KEY)).to.have.length(1);
    expect(about(QUEUE_KEY)[0]).to.contain(
      `queueKmsKeyArn ${QUEUE_KEY} encrypts cw-keys-processor-failures, where EventBridge sends the lake rule's undeliverable events; without this statement in the key policy they are dropped: ${JSON.stringify(EVENTS_STATEMENT)}`,
    );
  });

  it("no passed key, no key warning", async () => {
    const warnings = await captureWarnings(
      () => new CollectorWorkflow("cw-nokeys", workflowArgs()),
    );
    expect(warnings.filter((w) => w.includes("Kms"))).to.deep.equal([]);
  });
});
