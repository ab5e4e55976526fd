import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { validateOrganizationAccessArgs } from "../../../components/organization-access/validate";
import type { OrganizationAccessArgs } from "../../../components/organization-access";
import { deploymentErrors, mockedSuite, ofType } from "../../helpers/pulumi-mocks";
import type * as Api from "../../../components/organization-access";

const VALID: OrganizationAccessArgs = {
  organizationId: "o-abcdefghij",
  regions: ["eu-west-1"],
  organizationalUnitIds: ["r-ab12"],
  collectorRoleArn: "arn:aws:iam::123456789012:role/collector",
};
const problems = (args: Partial<OrganizationAccessArgs>, name = "org") =>
  validateOrganizationAccessArgs(name, { ...VALID, ...args } as OrganizationAccessArgs);

describe("OrganizationAccess args", () => {
  it("accepts the root, OUs, partition and gov-cloud regions and role ARNs", () => {
    expect(problems({})).to.deep.equal([]);
    expect(
      problems({
        organizationId: "o-a1b2c3d4e5f6g7h8i9j0",
        regions: ["us-gov-west-1", "ap-southeast-2", "il-central-1"],
        organizationalUnitIds: ["ou-ab12-11111111", "ou-ab12cd-2222abcd"],
        collectorRoleArn: "arn:aws-us-gov:iam::123456789012:role/path/collector",
        memberRoleName: "monitoring.reader@team",
        callAs: "SELF",
      }),
    ).to.deep.equal([]);
  });

  it("rejects an organization id outside o- and 10 to 32 lower-case letters or digits", () => {
    for (const id of ["o-", "o-abc", "o-ABCDEFGHIJ", "abcdefghij", `o-${"a".repeat(33)}`]) {
      expect(problems({ organizationId: id }), id).to.deep.equal([
        `organizationId must be o- and 10 to 32 lower-case letters or digits (got ${id})`,
      ]);
    }
  });

  it("needs at least one region, each a region name, none twice", () => {
    expect(problems({ regions: [] })).to.deep.equal([
      "regions must list at least one region (one sink each)",
    ]);
    expect(problems({ regions: ["EU-WEST-1", "eu-west", "eu_west_1"] })).to.deep.equal([
      'regions: "EU-WEST-1" is not a region name (e.g. eu-west-1)',
      'regions: "eu-west" is not a region name (e.g. eu-west-1)',
      'regions: "eu_west_1" is not a region name (e.g. eu-west-1)',
    ]);
    expect(problems({ regions: ["eu-west-1", "us-east-1", "eu-west-1"] })).to.deep.equal([
      'regions lists "eu-west-1" more than once',
    ]);
  });

  it("needs the root (r-xxxx) or OUs (ou-xxxx-xxxxxxxx), not both, none twice", () => {
    expect(problems({ organizationalUnitIds: [] })).to.deep.equal([
      "organizationalUnitIds must list the root (r-xxxx) or at least one OU (ou-xxxx-xxxxxxxx)",
    ]);
    expect(
      problems({ organizationalUnitIds: ["r-ab", "ou-ab12-1111", "ou-ab12", "o-abcdefghij"] }),
    ).to.deep.equal([
      'organizationalUnitIds: "r-ab" is neither a root id (r-xxxx) nor an OU id (ou-xxxx-xxxxxxxx)',
      'organizationalUnitIds: "ou-ab12-1111" is neither a root id (r-xxxx) nor an OU id (ou-xxxx-xxxxxxxx)',
      'organizationalUnitIds: "ou-ab12" is neither a root id (r-xxxx) nor an OU id (ou-xxxx-xxxxxxxx)',
      'organizationalUnitIds: "o-abcdefghij" is neither a root id (r-xxxx) nor an OU id (ou-xxxx-xxxxxxxx)',
    ]);
    expect(
      problems({ organizationalUnitIds: ["ou-ab12-11111111", "ou-ab12-11111111"] }),
    ).to.deep.equal(['organizationalUnitIds lists "ou-ab12-11111111" more than once']);
    expect(problems({ organizationalUnitIds: ["r-ab12", "ou-ab12-11111111"] })).to.deep.equal([
      "organizationalUnitIds lists the root r-ab12 with OUs: the root covers them",
    ]);
  });

  it("needs the collector role's ARN in a 12-digit account", () => {
    expect(problems({ collectorRoleArn: undefined })).to.deep.equal([
      "collectorRoleArn is required: the one principal each member role trusts",
    ]);
    for (const arn of [
      "arn:aws:iam::12345678901:role/collector",
      "arn:aws:iam::1234567890123:role/collector",
      "arn:aws:iam::123456789012:user/collector",
      "*",
    ]) {
      expect(problems({ collectorRoleArn: arn }), arn).to.deep.equal([
        `collectorRoleArn must be an IAM role ARN in a 12-digit account (got ${arn})`,
      ]);
    }
  });

  it("checks the member role's name, callAs and its own name", () => {
    expect(problems({ memberRoleName: "has space", callAs: "self" }, "1org")).to.deep.equal([
      'name "1org" must be a letter then up to 63 letters, digits or dashes (it prefixes the StackSet\'s name)',
      "memberRoleName must be 1 to 64 letters, digits or +=,.@_- (got has space)",
      "callAs must be SELF or DELEGATED_ADMIN (got self)",
    ]);
    expect(problems({ memberRoleName: "r".repeat(65) })).to.have.length(1);
  });

  describe("a collector role ARN known only at deploy", () => {
    let api: typeof Api;
    mockedSuite(async () => {
      api = await import("../../../components/organization-access/index.js");
    });

    it("fails the deployment with the same message, and the StackSet never registers", async () => {
      const { errors, resources } = await deploymentErrors(
        () =>
          new api.OrganizationAccess("org", {
            ...VALID,
            collectorRoleArn: pulumi.output("arn:aws:iam::1:role/x"),
          }),
      );
      expect(errors).to.deep.equal([
        "OrganizationAccess org: invalid arguments:\n  - collectorRoleArn must be an IAM role ARN in a 12-digit account (got arn:aws:iam::1:role/x)",
      ]);
      expect(ofType(resources, "aws:cloudformation/stackSet:StackSet")).to.deep.equal([]);
    });
  });
});
