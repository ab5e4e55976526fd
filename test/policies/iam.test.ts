import { expect } from "chai";
import { compliantStack, withChange } from "./fixtures";
import { messagesOf } from "./run";

const doc = (statement: object) =>
  JSON.stringify({ Version: "2012-10-17", Statement: [statement] });

describe("IAM rules", () => {
  it('iam-least-privilege: "*" and "service:*" actions in a role policy', async () => {
    const stack = withChange(compliantStack(), "collector-table", (p) => {
      p.policy = doc({
        Sid: "Broad",
        Effect: "Allow",
        Action: ["dynamodb:*", "*"],
        Resource: "arn:aws:dynamodb:::table/x",
      });
    });
    expect(await messagesOf("iam-least-privilege", stack)).to.deep.equal([
      "Policy statement Broad allows wildcard actions dynamodb:*, *.",
    ]);
  });

  it('iam-least-privilege: Resource "*" for an action that has a narrower resource', async () => {
    const stack = withChange(compliantStack(), "collector-role", (p) => {
      p.inlinePolicies[0].policy = {
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Action: ["s3:PutObject", "xray:PutTraceSegments"], Resource: ["*"] },
        ],
      };
    });
    const [message] = await messagesOf("iam-least-privilege", stack);
    expect(message).to.match(
      /^Inline policy collect statement 0 grants s3:PutObject on Resource "\*"; only cloudwatch:GetMetricData, /,
    );
  });

  it("iam-least-privilege: NotAction and unparseable documents", async () => {
    const stack = withChange(compliantStack(), "collector-table", (p) => {
      p.policy = doc({ Effect: "Allow", NotAction: "iam:*", Resource: "arn:aws:s3:::x" });
    });
    expect(await messagesOf("iam-least-privilege", stack)).to.deep.equal([
      "Policy statement 0 allows NotAction, which grants everything else.",
    ]);
    const broken = withChange(compliantStack(), "collector-table", (p) => (p.policy = "{not json"));
    expect(await messagesOf("iam-least-privilege", broken)).to.deep.equal([
      "Policy is not valid JSON.",
    ]);
  });

  it("iam-least-privilege: Deny statements may use wildcards", async () => {
    const stack = withChange(compliantStack(), "collector-table", (p) => {
      p.policy = doc({ Effect: "Deny", Action: "*", Resource: "*" });
    });
    expect(await messagesOf("iam-least-privilege", stack)).to.deep.equal([]);
  });

  it("iam-least-privilege: also aws:iam/policy:Policy documents", async () => {
    const stack = [
      ...compliantStack(),
      {
        type: "aws:iam/policy:Policy",
        name: "p",
        props: {
          policy: doc({ Effect: "Allow", Action: "sqs:*", Resource: "*" }),
          tags: { project: "p", environment: "e" },
        },
      },
    ];
    expect(await messagesOf("iam-least-privilege", stack)).to.deep.equal([
      "Policy statement 0 allows wildcard actions sqs:*.",
      `Policy statement 0 grants sqs:* on Resource "*"; only cloudwatch:GetMetricData, cloudwatch:PutMetricData, ec2:DescribeInstances, tag:GetResources, xray:PutTraceSegments, xray:PutTelemetryRecords, xray:GetSamplingRules, xray:GetSamplingTargets, logs:CreateLogDelivery, logs:GetLogDelivery, logs:UpdateLogDelivery, logs:DeleteLogDelivery, logs:ListLogDeliveries, logs:PutResourcePolicy, logs:DescribeResourcePolicies, logs:DescribeLogGroups may use "*".`,
    ]);
  });

  it("iam-no-broad-managed-policies: FullAccess and AdministratorAccess attachments", async () => {
    const attached = withChange(compliantStack(), "collector-basic", (p) => {
      p.policyArn = "arn:aws:iam::aws:policy/AmazonS3FullAccess";
    });
    expect(await messagesOf("iam-no-broad-managed-policies", attached)).to.deep.equal([
      "Attaches the broad AWS-managed policy arn:aws:iam::aws:policy/AmazonS3FullAccess.",
    ]);
    const onRole = withChange(compliantStack(), "collector-role", (p) => {
      p.managedPolicyArns = ["arn:aws:iam::aws:policy/AdministratorAccess"];
    });
    expect(await messagesOf("iam-no-broad-managed-policies", onRole)).to.deep.equal([
      "Attaches the broad AWS-managed policy arn:aws:iam::aws:policy/AdministratorAccess.",
    ]);
  });
});
