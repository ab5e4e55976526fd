import { expect } from "chai";
import { REQUIRED_TAG_KEYS } from "../../policies/rules";
import { compliantStack, without, withChange } from "./fixtures";
import { allViolations, messagesOf } from "./run";

describe("DynamoDB, messaging, Step Functions, logs, Athena and tag rules", () => {
  it("dynamodb-point-in-time-recovery", async () => {
    const stack = withChange(
      compliantStack(),
      "hot-table",
      (p) => (p.pointInTimeRecovery.enabled = false),
    );
    expect(await messagesOf("dynamodb-point-in-time-recovery", stack)).to.deep.equal([
      "Point-in-time recovery is not enabled (pointInTimeRecovery.enabled).",
    ]);
  });

  it("dynamodb-encryption", async () => {
    const stack = withChange(compliantStack(), "hot-table", (p) => delete p.serverSideEncryption);
    expect(await messagesOf("dynamodb-encryption", stack)).to.deep.equal([
      "Server-side encryption with KMS is not enabled (serverSideEncryption.enabled).",
    ]);
  });

  it("sns-encryption", async () => {
    const stack = withChange(compliantStack(), "alerts", (p) => delete p.kmsMasterKeyId);
    expect(await messagesOf("sns-encryption", stack)).to.deep.equal([
      "The topic is not encrypted (kmsMasterKeyId).",
    ]);
  });

  it("sqs-encryption: SSE-SQS off and no key; a KMS key alone passes", async () => {
    const off = withChange(compliantStack(), "dlq", (p) => (p.sqsManagedSseEnabled = false));
    expect(await messagesOf("sqs-encryption", off)).to.deep.equal([
      "The queue is not encrypted (sqsManagedSseEnabled or kmsMasterKeyId).",
    ]);
    const kms = withChange(compliantStack(), "dlq", (p) => {
      delete p.sqsManagedSseEnabled;
      p.kmsMasterKeyId = "alias/aws/sqs";
    });
    expect(await messagesOf("sqs-encryption", kms)).to.deep.equal([]);
  });

  it("state-machine-logging: off, and on without a destination", async () => {
    const off = withChange(
      compliantStack(),
      "workflow",
      (p) => (p.loggingConfiguration.level = "OFF"),
    );
    expect(await messagesOf("state-machine-logging", off)).to.deep.equal([
      "Logging is off (loggingConfiguration.level).",
    ]);
    const nowhere = withChange(
      compliantStack(),
      "workflow",
      (p) => delete p.loggingConfiguration.logDestination,
    );
    expect(await messagesOf("state-machine-logging", nowhere)).to.deep.equal([
      "Logging has no destination log group (loggingConfiguration.logDestination).",
    ]);
  });

  it("state-machine-tracing", async () => {
    const stack = withChange(compliantStack(), "workflow", (p) => delete p.tracingConfiguration);
    expect(await messagesOf("state-machine-tracing", stack)).to.deep.equal([
      "X-Ray tracing is not enabled (tracingConfiguration.enabled).",
    ]);
  });

  it("log-group-retention: unset and never-expire (0)", async () => {
    const unset = withChange(compliantStack(), "collector-logs", (p) => delete p.retentionInDays);
    expect(await messagesOf("log-group-retention", unset)).to.deep.equal([
      "No retention is set (retentionInDays).",
    ]);
    const never = withChange(compliantStack(), "collector-logs", (p) => (p.retentionInDays = 0));
    expect(await messagesOf("log-group-retention", never)).to.deep.equal([
      "No retention is set (retentionInDays).",
    ]);
  });

  it("athena-workgroup-enforced-encrypted: not enforced; results unencrypted", async () => {
    const loose = withChange(
      compliantStack(),
      "analytics",
      (p) => (p.configuration.enforceWorkgroupConfiguration = false),
    );
    expect(await messagesOf("athena-workgroup-enforced-encrypted", loose)).to.deep.equal([
      "The workgroup configuration is not enforced (configuration.enforceWorkgroupConfiguration).",
    ]);
    const plain = withChange(
      compliantStack(),
      "analytics",
      (p) => delete p.configuration.resultConfiguration.encryptionConfiguration,
    );
    expect(await messagesOf("athena-workgroup-enforced-encrypted", plain)).to.deep.equal([
      "Query results are not encrypted (configuration.resultConfiguration.encryptionConfiguration.encryptionOption: SSE_S3, SSE_KMS, CSE_KMS).",
    ]);
  });

  it("required-tags: each missing key is named; untaggable types are not checked", async () => {
    expect(REQUIRED_TAG_KEYS).to.deep.equal(["project", "environment"]);
    const stack = withChange(
      compliantStack(),
      "alerts",
      (p) => (p.tags = { project: "infra-monitoring" }),
    );
    expect(await messagesOf("required-tags", stack)).to.deep.equal([
      "Missing required tags: environment.",
    ]);
    const bare = withChange(compliantStack(), "hot-table", (p) => delete p.tags);
    expect(await messagesOf("required-tags", bare)).to.deep.equal([
      "Missing required tags: project, environment.",
    ]);
    // The dashboard fixture has no tags: dashboards take none.
    expect(await messagesOf("required-tags", without(bare, "hot-table"))).to.deep.equal([]);
  });

  it("required-tags: tags from an Output unknown in preview are a note, not a violation", async () => {
    // How the engine hands a policy a value not known yet (a StackReference's, a secret's).
    const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    const wholeMap = withChange(compliantStack(), "alerts", (p) => (p.tags = UNKNOWN));
    expect(await messagesOf("required-tags", wholeMap)).to.deep.equal([
      "can't run policy 'required-tags' from policy pack 'infra-monitoring@v0.1.0' during preview: string value at .tags can't be known during preview",
    ]);
    const oneValue = withChange(
      compliantStack(),
      "alerts",
      (p) => (p.tags = { project: "infra-monitoring", environment: UNKNOWN }),
    );
    expect(await messagesOf("required-tags", oneValue)).to.deep.equal([
      "can't run policy 'required-tags' from policy pack 'infra-monitoring@v0.1.0' during preview: string value at .tags.environment can't be known during preview",
    ]);
    const levels = (await allViolations(oneValue))
      .filter((v) => v.policy === "required-tags")
      .map((v) => v.enforcementLevel);
    expect(levels).to.deep.equal(["advisory"]);
  });

  it("required-tags: the keys come from the policy config when given", async () => {
    const config = { "required-tags": { requiredTags: ["owner"] } };
    const messages = await messagesOf("required-tags", compliantStack(), config);
    expect(messages).to.have.length.greaterThan(0);
    expect(new Set(messages)).to.deep.equal(new Set(["Missing required tags: owner."]));
  });
});
