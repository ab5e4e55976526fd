import { expect } from "chai";
import {
  byName,
  constructionError,
  mockedSuite,
  ofType,
  settled,
  statementsOf,
  valueOf,
} from "../../helpers/pulumi-mocks";
import type * as Api from "../../../components/organization-access";
import { allViolations } from "../../policies/run";

let api: typeof Api;

const COLLECTOR = "arn:aws:iam::123456789012:role/pipeline-collector";
const ARGS: Api.OrganizationAccessArgs = {
  organizationId: "o-abcdefghij",
  regions: ["eu-west-1", "us-east-1"],
  organizationalUnitIds: ["r-ab12"],
  collectorRoleArn: COLLECTOR,
};

const SINK = "aws:oam/sink:Sink";
const SINK_POLICY = "aws:oam/sinkPolicy:SinkPolicy";
const STACK_SET = "aws:cloudformation/stackSet:StackSet";
const INSTANCE = "aws:cloudformation/stackSetInstance:StackSetInstance";

/** The StackSet's template, parsed from its TemplateBody as CloudFormation reads it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const templateOf = (resources: { type: string; inputs: Record<string, any> }[]) =>
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  JSON.parse(ofType(resources as never, STACK_SET)[0]!.inputs.templateBody as string) as any;

describe("OrganizationAccess", () => {
  mockedSuite(async () => {
    api = await import("../../../components/organization-access/index.js");
  });

  it("creates one sink and one sink policy per region, each in its region", async () => {
    new api.OrganizationAccess("org", ARGS);
    const resources = await settled();
    expect(ofType(resources, SINK).map((r) => [r.name, r.inputs.region])).to.deep.equal([
      ["org-sink-eu-west-1", "eu-west-1"],
      ["org-sink-us-east-1", "us-east-1"],
    ]);
    expect(
      ofType(resources, SINK_POLICY).map((r) => [r.name, r.inputs.region, r.inputs.sinkIdentifier]),
    ).to.deep.equal([
      [
        "org-sink-policy-eu-west-1",
        "eu-west-1",
        "arn:aws:oam:eu-west-1:123456789012:sink/org-sink-eu-west-1",
      ],
      [
        "org-sink-policy-us-east-1",
        "us-east-1",
        "arn:aws:oam:eu-west-1:123456789012:sink/org-sink-us-east-1",
      ],
    ]);
  });

  it("lets only the organization's accounts link, sharing metrics only", async () => {
    new api.OrganizationAccess("org", ARGS);
    const policy = byName(await settled(), "org-sink-policy-eu-west-1");
    expect(JSON.parse(policy.inputs.policy as string)).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "OrganizationLinks",
          Effect: "Allow",
          Principal: "*",
          Action: ["oam:CreateLink", "oam:UpdateLink"],
          Resource: "*",
          Condition: {
            StringEquals: { "aws:PrincipalOrgID": "o-abcdefghij" },
            "ForAllValues:StringEquals": { "oam:ResourceTypes": ["AWS::CloudWatch::Metric"] },
          },
        },
      ],
    });
  });

  it("narrows the sink to the listed OUs' paths, and shares log groups when asked", async () => {
    new api.OrganizationAccess("org", {
      ...ARGS,
      organizationalUnitIds: ["ou-ab12-11111111", "ou-ab12-22222222"],
      shareLogs: true,
    });
    const [statement] = statementsOf(byName(await settled(), "org-sink-policy-us-east-1"));
    expect(statement?.Condition).to.deep.equal({
      StringEquals: { "aws:PrincipalOrgID": "o-abcdefghij" },
      "ForAllValues:StringEquals": {
        "oam:ResourceTypes": ["AWS::CloudWatch::Metric", "AWS::Logs::LogGroup"],
      },
      "ForAnyValue:StringLike": {
        "aws:PrincipalOrgPaths": [
          "o-abcdefghij/*/ou-ab12-11111111/*",
          "o-abcdefghij/*/ou-ab12-22222222/*",
        ],
      },
    });
  });

  it("deploys through a service-managed StackSet that follows accounts in and out", async () => {
    new api.OrganizationAccess("org", ARGS);
    const [stackSet] = ofType(await settled(), STACK_SET);
    expect(stackSet?.inputs.permissionModel).to.equal("SERVICE_MANAGED");
    expect(stackSet?.inputs.autoDeployment).to.deep.equal({
      enabled: true,
      retainStacksOnAccountRemoval: false,
    });
    expect(stackSet?.inputs.capabilities).to.deep.equal(["CAPABILITY_NAMED_IAM"]);
    expect(stackSet?.inputs.callAs).to.equal("DELEGATED_ADMIN");
    expect(stackSet?.inputs.administrationRoleArn).to.equal(undefined);
    expect(stackSet?.inputs.executionRoleName).to.equal(undefined);
  });

  it("has one instance per region over the listed OUs, the monitoring account left out", async () => {
    new api.OrganizationAccess("org", { ...ARGS, callAs: "SELF" });
    const instances = ofType(await settled(), INSTANCE);
    expect(instances.map((r) => r.inputs.stackSetInstanceRegion)).to.deep.equal([
      "eu-west-1",
      "us-east-1",
    ]);
    for (const instance of instances) {
      expect(instance.inputs.callAs).to.equal("SELF");
      expect(instance.inputs.deploymentTargets).to.deep.equal({
        organizationalUnitIds: ["r-ab12"],
        accountFilterType: "DIFFERENCE",
        accounts: ["123456789012"],
      });
    }
  });

  it("links each account to its own region's sink, named after the account", async () => {
    new api.OrganizationAccess("org", ARGS);
    const template = templateOf(await settled());
    expect(template.Mappings).to.deep.equal({
      SinkByRegion: {
        "eu-west-1": { SinkArn: "arn:aws:oam:eu-west-1:123456789012:sink/org-sink-eu-west-1" },
        "us-east-1": { SinkArn: "arn:aws:oam:eu-west-1:123456789012:sink/org-sink-us-east-1" },
      },
    });
    expect(template.Resources.MonitoringLink).to.deep.equal({
      Type: "AWS::Oam::Link",
      Properties: {
        LabelTemplate: "$AccountName",
        ResourceTypes: ["AWS::CloudWatch::Metric"],
        SinkIdentifier: { "Fn::FindInMap": ["SinkByRegion", { Ref: "AWS::Region" }, "SinkArn"] },
      },
    });
  });

  it("gives each account one read-only member role, trusting the collector role in the organization only", async () => {
    const access = new api.OrganizationAccess("org", ARGS);
    const template = templateOf(await settled());
    expect(access.memberRoleName).to.equal("infra-monitoring-member-read");
    // IAM is global: only the first region's stack creates the role.
    expect(template.Conditions).to.deep.equal({
      IsRoleRegion: { "Fn::Equals": [{ Ref: "AWS::Region" }, "eu-west-1"] },
    });
    const role = template.Resources.MemberRole;
    expect(role.Condition).to.equal("IsRoleRegion");
    expect(role.Properties.RoleName).to.equal("infra-monitoring-member-read");
    expect(role.Properties.AssumeRolePolicyDocument).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "MonitoringCollector",
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::123456789012:role/pipeline-collector" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abcdefghij" } },
        },
      ],
    });
    expect(role.Properties.Policies).to.deep.equal([
      {
        PolicyName: "read-metrics-tags-instances",
        PolicyDocument: {
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "ReadOnly",
              Effect: "Allow",
              Action: [
                "cloudwatch:GetMetricData",
                "cloudwatch:ListMetrics",
                "tag:GetResources",
                "ec2:DescribeInstances",
              ],
              Resource: "*",
            },
          ],
        },
      },
    ]);
    expect(Object.keys(template.Resources)).to.deep.equal(["MonitoringLink", "MemberRole"]);
  });

  it("exposes the sinks by region and the StackSet's name", async () => {
    const access = new api.OrganizationAccess("org", { ...ARGS, memberRoleName: "reader" });
    await settled();
    expect(await valueOf(access.sinkArns)).to.deep.equal({
      "eu-west-1": "arn:aws:oam:eu-west-1:123456789012:sink/org-sink-eu-west-1",
      "us-east-1": "arn:aws:oam:eu-west-1:123456789012:sink/org-sink-us-east-1",
    });
    expect(Object.keys(access.sinks)).to.deep.equal(["eu-west-1", "us-east-1"]);
    expect(await valueOf(access.stackSetName)).to.equal("org-members");
    expect(access.memberRoleName).to.equal("reader");
  });

  it("rejects its args in one message naming each key, before any child registers", async () => {
    const message = constructionError(
      () =>
        new api.OrganizationAccess("org", {
          organizationId: "o-",
          regions: ["eu-west-1", "eu-west-1", "mars-1"],
          organizationalUnitIds: ["ou-bad"],
          collectorRoleArn: "arn:aws:iam::12345:role/collector",
          callAs: "ME",
        }),
    );
    expect(message).to.equal(
      [
        "OrganizationAccess org: invalid arguments:",
        "  - organizationId must be o- and 10 to 32 lower-case letters or digits (got o-)",
        '  - regions: "mars-1" is not a region name (e.g. eu-west-1)',
        '  - regions lists "eu-west-1" more than once',
        '  - organizationalUnitIds: "ou-bad" is neither a root id (r-xxxx) nor an OU id (ou-xxxx-xxxxxxxx)',
        "  - collectorRoleArn must be an IAM role ARN in a 12-digit account (got arn:aws:iam::12345:role/collector)",
        "  - callAs must be SELF or DELEGATED_ADMIN (got ME)",
      ].join("\n"),
    );
    const resources = await settled();
    expect(resources.filter((r) => r.custom)).to.deep.equal([]);
  });
});

describe("OrganizationAccess under the policy pack", () => {
  mockedSuite(async () => {
    api = await import("../../../components/organization-access/index.js");
  });

  it("passes every rule of the pack, its own organization rule included", async () => {
    new api.OrganizationAccess("org", {
      ...ARGS,
      organizationalUnitIds: ["ou-ab12-11111111"],
      shareLogs: true,
    });
    const resources = (await settled())
      .filter((r) => r.custom)
      .map((r) => ({ type: r.type, name: r.name, props: r.state ?? {} }));
    expect(resources.map((r) => r.type)).to.include.members([SINK_POLICY, STACK_SET]);
    const violations = await allViolations(resources, {
      "monthly-budget": { monthlyBudgetUsd: 1000 },
    });
    expect(violations.map((v) => `${v.policy}: ${v.message}`)).to.deep.equal([]);
  });
});
