import { expect } from "chai";
import { TYPES } from "../../policies/rules";
import type { Props } from "../../policies/rules/helpers";
import { memberTemplate, sinkPolicyDocument } from "../../components/organization-access/documents";
import { compliantStack } from "./fixtures";
import { messagesOf } from "./run";

const RULE = "organization-trust-scoped";
const KEYS = "aws:SourceArn, aws:SourceAccount, aws:PrincipalOrgID, aws:PrincipalOrgPaths";
const link = { Effect: "Allow", Action: ["oam:CreateLink", "oam:UpdateLink"], Resource: "*" };
const doc = (...statements: object[]) =>
  JSON.stringify({ Version: "2012-10-17", Statement: statements });

const sinkPolicy = (policy: string) => ({
  type: TYPES.oamSinkPolicy,
  name: "sink-policy",
  props: { sinkIdentifier: "arn:aws:oam:eu-west-1:123456789012:sink/s", policy },
});
const stackSet = (templateBody: unknown): { type: string; name: string; props: Props } => ({
  type: TYPES.stackSet,
  name: "members",
  props: { permissionModel: "SERVICE_MANAGED", templateBody },
});
const roleTemplate = (trust: object) =>
  JSON.stringify({
    Resources: {
      MemberRole: { Type: "AWS::IAM::Role", Properties: { AssumeRolePolicyDocument: trust } },
    },
  });
const check = (...extra: { type: string; name: string; props: Props }[]) =>
  messagesOf(RULE, [...compliantStack(), ...extra]);

describe(RULE, () => {
  it("passes OrganizationAccess's own sink policy and StackSet template", async () => {
    const template = memberTemplate({
      sinkArns: { "eu-west-1": "arn:aws:oam:eu-west-1:123456789012:sink/s" },
      roleRegion: "eu-west-1",
      collectorRoleArn: "arn:aws:iam::123456789012:role/collector",
      organizationId: "o-abcdefghij",
      memberRoleName: "reader",
      resourceTypes: ["AWS::CloudWatch::Metric"],
    });
    const policy = sinkPolicyDocument(
      "o-abcdefghij",
      ["ou-ab12-11111111"],
      ["AWS::CloudWatch::Metric"],
    );
    expect(await check(sinkPolicy(policy), stackSet(template))).to.deep.equal([]);
  });

  it('fails a sink policy open to Principal "*" (plain or as AWS) with no organization condition', async () => {
    const resourceTypesOnly = {
      "ForAllValues:StringEquals": { "oam:ResourceTypes": ["AWS::CloudWatch::Metric"] },
    };
    const open = doc(
      { ...link, Sid: "Anyone", Principal: "*", Condition: resourceTypesOnly },
      { ...link, Principal: { AWS: ["*"] } },
      {
        ...link,
        Sid: "Star",
        Principal: "*",
        Condition: { StringEquals: { "aws:PrincipalOrgID": "*" } },
      },
    );
    expect(await check(sinkPolicy(open))).to.deep.equal([
      `Sink policy statement Anyone allows Principal "*" without a ${KEYS} condition.`,
      `Sink policy statement 1 allows Principal "*" without a ${KEYS} condition.`,
      `Sink policy statement Star allows Principal "*" without a ${KEYS} condition.`,
    ]);
  });

  it("accepts a sink narrowed to OU paths, or open to named accounts", async () => {
    const paths = doc({
      ...link,
      Principal: "*",
      Condition: { "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": ["o-abcdefghij/*"] } },
    });
    const accounts = doc({ ...link, Principal: { AWS: ["111111111111", "222222222222"] } });
    expect(await check(sinkPolicy(paths))).to.deep.equal([]);
    expect(await check(sinkPolicy(accounts))).to.deep.equal([]);
  });

  it('fails a StackSet template whose role trusts Principal "*" without the organization', async () => {
    const trust = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }],
    };
    expect(await check(stackSet(roleTemplate(trust)))).to.deep.equal([
      `Template resource MemberRole (AWS::IAM::Role) policy statement 0 allows Principal "*" without a ${KEYS} condition.`,
    ]);
    const scoped = {
      ...trust,
      Statement: [
        {
          ...trust.Statement[0],
          Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abcdefghij" } },
        },
      ],
    };
    expect(await check(stackSet(roleTemplate(scoped)))).to.deep.equal([]);
  });

  it("fails an open sink inside a template, and a template it cannot read", async () => {
    const sink = JSON.stringify({
      Resources: {
        Sink: {
          Type: "AWS::Oam::Sink",
          Properties: { Name: "s", Policy: { Statement: [{ ...link, Principal: "*" }] } },
        },
      },
    });
    expect(await check(stackSet(sink))).to.deep.equal([
      `Template resource Sink (AWS::Oam::Sink) policy statement 0 allows Principal "*" without a ${KEYS} condition.`,
    ]);
    expect(await check(stackSet("Resources:\n  Role:\n    Type: AWS::IAM::Role\n"))).to.deep.equal([
      "The template is not JSON: its role trusts and sink policies cannot be checked.",
    ]);
    expect(await check(stackSet(undefined))).to.deep.equal([]);
  });
});
