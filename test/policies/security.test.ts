import { expect } from "chai";
import { TYPES } from "../../policies/rules";
import type { Props } from "../../policies/rules/helpers";
import { compliantStack, withChange } from "./fixtures";
import { allViolations, messagesOf } from "./run";

const doc = (...statements: object[]) =>
  JSON.stringify({ Version: "2012-10-17", Statement: statements });
const ACCOUNT = "123456789012";
const PUBLIC =
  'allows Principal "*" without a aws:SourceArn, aws:SourceAccount, aws:PrincipalOrgID condition.';

describe("no-public-resource-policy", () => {
  const open = { Sid: "Open", Effect: "Allow", Principal: "*", Action: "x:Do", Resource: "r" };
  // Each type carrying a resource policy, with the fixture resource that holds it.
  const holders: [string, string][] = [
    ["lake-policy", TYPES.bucketPolicy],
    ["dlq", TYPES.queue],
    ["dlq-policy", TYPES.queuePolicy],
    ["alerts", TYPES.topic],
    ["alerts-policy", TYPES.topicPolicy],
    ["topic-key", TYPES.kmsKey],
  ];
  for (const [name, type] of holders) {
    it(`Principal "*" with no narrowing condition in a ${type.split(":").pop()} policy`, async () => {
      const stack = withChange(compliantStack(), name, (p) => {
        p.policy = doc(open);
      });
      expect(await messagesOf("no-public-resource-policy", stack)).to.deep.equal([
        `Statement Open ${PUBLIC}`,
      ]);
    });
  }

  it('{ AWS: "*" } and a list holding "*" are public too; Deny statements are not', async () => {
    const stack = withChange(compliantStack(), "lake-policy", (p) => {
      p.policy = doc(
        { ...open, Sid: "A", Principal: { AWS: "*" } },
        { ...open, Sid: "B", Principal: { AWS: [`arn:aws:iam::${ACCOUNT}:root`, "*"] } },
        { ...open, Sid: "C", Effect: "Deny" },
      );
    });
    expect(await messagesOf("no-public-resource-policy", stack)).to.deep.equal([
      `Statement A ${PUBLIC}`,
      `Statement B ${PUBLIC}`,
    ]);
  });

  it('each narrowing key passes, whatever the operator and case; a "*" value does not narrow', async () => {
    const stack = withChange(compliantStack(), "alerts-policy", (p) => {
      p.policy = doc(
        { ...open, Sid: "Arn", Condition: { ArnLike: { "aws:SourceArn": "arn:aws:s3:::lake" } } },
        { ...open, Sid: "Acct", Condition: { StringEquals: { "AWS:SourceAccount": ACCOUNT } } },
        { ...open, Sid: "Org", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc" } } },
        { ...open, Sid: "Star", Condition: { StringLike: { "aws:SourceArn": "*" } } },
        { ...open, Sid: "Other", Condition: { Bool: { "aws:SecureTransport": "true" } } },
      );
    });
    expect(await messagesOf("no-public-resource-policy", stack)).to.deep.equal([
      `Statement Star ${PUBLIC}`,
      `Statement Other ${PUBLIC}`,
    ]);
  });

  it("a document that is not JSON is reported", async () => {
    const stack = withChange(compliantStack(), "topic-key", (p) => {
      p.policy = "{not json";
    });
    expect(await messagesOf("no-public-resource-policy", stack)).to.deep.equal([
      "The resource policy is not valid JSON.",
    ]);
  });
});

describe("kms-key-rotation", () => {
  it("a symmetric key with rotation off or unset", async () => {
    for (const enableKeyRotation of [false, undefined]) {
      const stack = withChange(compliantStack(), "topic-key", (p) => {
        p.enableKeyRotation = enableKeyRotation;
      });
      expect(await messagesOf("kms-key-rotation", stack)).to.deep.equal([
        "Automatic key rotation is off (enableKeyRotation).",
      ]);
    }
  });

  it("asymmetric and HMAC keys, which cannot rotate, are not asked to", async () => {
    for (const customerMasterKeySpec of ["RSA_3072", "HMAC_256"]) {
      const stack = withChange(compliantStack(), "topic-key", (p) => {
        Object.assign(p, { enableKeyRotation: false, customerMasterKeySpec });
      });
      expect(await messagesOf("kms-key-rotation", stack)).to.deep.equal([]);
    }
  });
});

describe("lambda-permission-scoped", () => {
  const change = (edit: (p: Props) => void) =>
    messagesOf("lambda-permission-scoped", withChange(compliantStack(), "processor-from-s3", edit));

  it('principal "*"', async () => {
    expect(await change((p) => (p.principal = "*"))).to.deep.equal([
      'The permission lets anyone invoke the function (principal "*").',
    ]);
  });

  it("a service principal without sourceArn, without sourceAccount, without both", async () => {
    expect(await change((p) => delete p.sourceArn)).to.deep.equal([
      "The permission lets s3.amazonaws.com invoke the function without sourceArn, so any account's s3 resources may.",
    ]);
    expect(await change((p) => delete p.sourceAccount)).to.deep.equal([
      "The permission lets s3.amazonaws.com invoke the function without sourceAccount, so any account's s3 resources may.",
    ]);
    expect(
      await change((p) => {
        p.principal = "events.amazonaws.com";
        delete p.sourceArn;
        delete p.sourceAccount;
      }),
    ).to.deep.equal([
      "The permission lets events.amazonaws.com invoke the function without sourceArn and sourceAccount, so any account's events resources may.",
    ]);
  });

  it("an account principal needs neither", async () => {
    expect(
      await change((p) => {
        p.principal = ACCOUNT;
        delete p.sourceArn;
        delete p.sourceAccount;
      }),
    ).to.deep.equal([]);
  });
});

describe("s3-access-logging", () => {
  it("a data bucket without a BucketLogging", async () => {
    const stack = compliantStack().filter((r) => r.name !== "lake-logging");
    expect(await messagesOf("s3-access-logging", stack)).to.deep.equal([
      "lake (aws:s3/bucket:Bucket) has no server access logging (BucketLogging).",
    ]);
  });

  it("exempts a log-target bucket and an Athena results bucket, each on its own", async () => {
    // access-logs is both in the fixture. Results elsewhere: it is still a log target.
    const targetOnly = withChange(compliantStack(), "analytics", (p) => {
      p.configuration.resultConfiguration.outputLocation = "s3://lake/athena/";
    });
    expect(await messagesOf("s3-access-logging", targetOnly)).to.deep.equal([]);
    // No logging at all: access-logs is then the results bucket only, and stays exempt.
    const resultsOnly = compliantStack().filter((r) => r.name !== "lake-logging");
    expect(await messagesOf("s3-access-logging", resultsOnly)).to.deep.equal([
      "lake (aws:s3/bucket:Bucket) has no server access logging (BucketLogging).",
    ]);
  });
});

describe("iam-trust-confused-deputy", () => {
  const trust = (statement: object) =>
    withChange(compliantStack(), "workflow-role", (p) => {
      p.assumeRolePolicy = doc(statement);
    });
  const assume = { Effect: "Allow", Action: "sts:AssumeRole" };

  it("a service principal with no condition, or one that narrows nothing", async () => {
    for (const Condition of [undefined, { StringLike: { "aws:SourceArn": "*" } }]) {
      const stack = trust({ ...assume, Principal: { Service: "states.amazonaws.com" }, Condition });
      expect(await messagesOf("iam-trust-confused-deputy", stack)).to.deep.equal([
        "Trust statement 0 lets states.amazonaws.com assume the role without a aws:SourceAccount, aws:SourceArn, aws:SourceOrgID condition (confused deputy).",
      ]);
    }
  });

  it("a list of services is checked past the passed-role ones", async () => {
    const Principal = { Service: ["lambda.amazonaws.com", "scheduler.amazonaws.com"] };
    expect(
      await messagesOf("iam-trust-confused-deputy", trust({ ...assume, Principal })),
    ).to.deep.equal([
      "Trust statement 0 lets scheduler.amazonaws.com assume the role without a aws:SourceAccount, aws:SourceArn, aws:SourceOrgID condition (confused deputy).",
    ]);
  });

  it("Lambda execution roles and account principals need no condition", async () => {
    for (const Principal of [
      { Service: "lambda.amazonaws.com" },
      { AWS: `arn:aws:iam::${ACCOUNT}:root` },
    ]) {
      expect(
        await messagesOf("iam-trust-confused-deputy", trust({ ...assume, Principal })),
      ).to.deep.equal([]);
    }
  });
});

describe("iam-passrole-scoped", () => {
  const pass = (statement: object) =>
    withChange(compliantStack(), "collector-table", (p) => {
      p.policy = doc({ Sid: "Pass", Effect: "Allow", ...statement });
    });
  const service = { StringEquals: { "iam:PassedToService": "states.amazonaws.com" } };
  const role = `arn:aws:iam::${ACCOUNT}:role/x`;

  it('on Resource "*"', async () => {
    const stack = pass({ Action: "iam:PassRole", Resource: "*", Condition: service });
    expect(await messagesOf("iam-passrole-scoped", stack)).to.deep.equal([
      'Policy statement Pass allows iam:PassRole on every role (Resource "*"); name the roles.',
    ]);
  });

  it("without iam:PassedToService, also through a wildcard action", async () => {
    for (const Action of ["iam:PassRole", ["s3:GetObject", "iam:Pass*"], "IAM:passrole"]) {
      const stack = pass({ Action, Resource: role });
      expect(await messagesOf("iam-passrole-scoped", stack), String(Action)).to.deep.equal([
        "Policy statement Pass allows iam:PassRole without an iam:PassedToService condition.",
      ]);
    }
  });

  it("in a role's inline policy, both at once", async () => {
    const stack = withChange(compliantStack(), "workflow-role", (p) => {
      p.inlinePolicies[0].policy = doc({
        Sid: "Pass",
        Effect: "Allow",
        Action: "iam:PassRole",
        Resource: ["*"],
      });
    });
    expect(await messagesOf("iam-passrole-scoped", stack)).to.deep.equal([
      'Inline policy hand-over statement Pass allows iam:PassRole on every role (Resource "*"); name the roles.',
      "Inline policy hand-over statement Pass allows iam:PassRole without an iam:PassedToService condition.",
    ]);
  });
});

describe("log-group-kms-encryption", () => {
  it("is advisory: a log group without a customer-managed key", async () => {
    const stack = withChange(compliantStack(), "collector-logs", (p) => delete p.kmsKeyId);
    const found = (await allViolations(stack)).filter(
      (v) => v.policy === "log-group-kms-encryption",
    );
    expect(found.map((v) => [v.enforcementLevel, v.message])).to.deep.equal([
      ["advisory", "The log group has no customer-managed KMS key (kmsKeyId)."],
    ]);
  });
});

describe("presence rules in a first preview", () => {
  const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

  it("a field set to a value not yet known counts as set; a document not yet known is noted", async () => {
    let stack = withChange(compliantStack(), "alerts", (p) => (p.kmsMasterKeyId = UNKNOWN));
    stack = withChange(stack, "processor-from-s3", (p) => {
      p.sourceArn = UNKNOWN;
      p.sourceAccount = UNKNOWN;
    });
    stack = withChange(stack, "workflow", (p) => (p.loggingConfiguration.logDestination = UNKNOWN));
    stack = withChange(stack, "collector-logs", (p) => (p.kmsKeyId = UNKNOWN));
    stack = withChange(stack, "collector-table", (p) => (p.policy = UNKNOWN));
    expect((await allViolations(stack)).map((v) => [v.policy, v.enforcementLevel])).to.deep.equal([
      ["iam-least-privilege", "advisory"],
      ["iam-passrole-scoped", "advisory"],
    ]);
  });
});
