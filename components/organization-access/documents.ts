import { isRootId } from "./validate";
import { MEMBER_ROLE_ACTIONS } from "./defaults";

/**
 * Each sink's policy: accounts of the organization (and, when OUs are listed, of those OUs)
 * may create or update a link that shares only `resourceTypes`. The "*" principal is always
 * narrowed by aws:PrincipalOrgID.
 */
export function sinkPolicyDocument(
  organizationId: string,
  targetIds: readonly string[],
  resourceTypes: readonly string[],
): string {
  const ous = targetIds.filter((id) => !isRootId(id));
  const condition: Record<string, Record<string, string | string[]>> = {
    StringEquals: { "aws:PrincipalOrgID": organizationId },
    "ForAllValues:StringEquals": { "oam:ResourceTypes": [...resourceTypes] },
  };
  // An OU's accounts, at any depth below it: o-id/r-id/.../ou-id/...
  if (ous.length > 0 && ous.length === targetIds.length) {
    condition["ForAnyValue:StringLike"] = {
      "aws:PrincipalOrgPaths": ous.map((ou) => `${organizationId}/*/${ou}/*`),
    };
  }
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "OrganizationLinks",
        Effect: "Allow",
        Principal: "*",
        Action: ["oam:CreateLink", "oam:UpdateLink"],
        Resource: "*",
        Condition: condition,
      },
    ],
  });
}

/** What the StackSet's template needs to know. */
export interface MemberTemplateInput {
  /** Each region's sink ARN: a stack links to its own region's. */
  readonly sinkArns: Readonly<Record<string, string>>;
  /** The region whose stack creates the member role (IAM is global: one stack may). */
  readonly roleRegion: string;
  readonly collectorRoleArn: string;
  readonly organizationId: string;
  readonly memberRoleName: string;
  readonly resourceTypes: readonly string[];
}

/** The member role's trust: the collector role only, and only from inside the organization. */
export function memberTrustPolicy(collectorRoleArn: string, organizationId: string): object {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "MonitoringCollector",
        Effect: "Allow",
        Principal: { AWS: collectorRoleArn },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:PrincipalOrgID": organizationId } },
      },
    ],
  };
}

/** The CloudFormation template each source account runs in each region, as JSON. */
export function memberTemplate(input: MemberTemplateInput): string {
  const sinks = Object.fromEntries(
    Object.entries(input.sinkArns).map(([region, arn]) => [region, { SinkArn: arn }]),
  );
  return JSON.stringify({
    AWSTemplateFormatVersion: "2010-09-09",
    Description: "Links this account to the monitoring account's sink; read-only member role.",
    Mappings: { SinkByRegion: sinks },
    Conditions: {
      IsRoleRegion: { "Fn::Equals": [{ Ref: "AWS::Region" }, input.roleRegion] },
    },
    Resources: {
      MonitoringLink: {
        Type: "AWS::Oam::Link",
        Properties: {
          LabelTemplate: "$AccountName",
          ResourceTypes: [...input.resourceTypes],
          SinkIdentifier: { "Fn::FindInMap": ["SinkByRegion", { Ref: "AWS::Region" }, "SinkArn"] },
        },
      },
      MemberRole: {
        Type: "AWS::IAM::Role",
        Condition: "IsRoleRegion",
        Properties: {
          RoleName: input.memberRoleName,
          Description:
            "Read-only: the monitoring account's collector reads metrics, tags and instances.",
          AssumeRolePolicyDocument: memberTrustPolicy(input.collectorRoleArn, input.organizationId),
          Policies: [
            {
              PolicyName: "read-metrics-tags-instances",
              PolicyDocument: {
                Version: "2012-10-17",
                Statement: [
                  {
                    Sid: "ReadOnly",
                    Effect: "Allow",
                    // None of these four takes a resource narrower than "*".
                    Action: [...MEMBER_ROLE_ACTIONS],
                    Resource: "*",
                  },
                ],
              },
            },
          ],
        },
      },
    },
  });
}
