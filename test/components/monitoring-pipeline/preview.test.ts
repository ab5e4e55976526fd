import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { captureInfo, deploymentErrors, mockedSuite, settled } from "../../helpers/pulumi-mocks";
import type { MonitoringPipeline as PipelineClass } from "../../../components/monitoring-pipeline";

let MonitoringPipeline: typeof PipelineClass;
const base = { environment: "test", metricSource: "synthetic", alertEmails: ["ops@example.com"] };

describe("MonitoringPipeline in preview", () => {
  // A preview: outputs of resources not yet created, and stack outputs not yet set, are unknown.
  mockedSuite(async () => {
    ({ MonitoringPipeline } = await import("../../../components/monitoring-pipeline/index.js"));
  }, true);

  it("checks a known existing table in preview too, before any resource", async () => {
    const table = aws.dynamodb.Table.get("old-table", "old-table", {
      hashKey: "pk",
      rangeKey: "sk",
      globalSecondaryIndexes: [
        { name: "by-type", hashKey: "gsi1pk", rangeKey: "gsi1sk", projectionType: "ALL" },
      ],
      ttl: { attributeName: "expires_at", enabled: true },
    });
    const { errors, resources } = await deploymentErrors(
      () => new MonitoringPipeline("pv-table", { ...base, existing: { hotTable: table } }),
    );
    expect(errors).to.deep.equal([
      'MonitoringPipeline pv-table: invalid arguments:\n  - existing.hotTable old-table does not fit the handlers: global secondary index "by-metric-type" is missing',
    ]);
    expect(resources.map((r) => `${r.type} ${r.name}`)).to.deep.equal([
      "aws:dynamodb/table:Table old-table",
    ]);
  });

  it("says what it will check at deploy when an address is unknown", async () => {
    const unknownEmail = pulumi.output(pulumi.unknown) as pulumi.Output<string>;
    const info = await captureInfo(
      () => new MonitoringPipeline("pv-mail", { ...base, alertEmails: [unknownEmail] }),
    );
    expect(info).to.deep.equal([
      "MonitoringPipeline pv-mail: alertEmails are not all known in this preview: they are checked at deploy.",
    ]);
  });

  it("says what it will check at deploy when the bucket name is unknown", async () => {
    const unknownName = pulumi.output(pulumi.unknown) as pulumi.Output<string>;
    const info = await captureInfo(
      () =>
        new MonitoringPipeline("pv-name", { ...base, existing: { lakeBucketName: unknownName } }),
    );
    expect(info).to.deep.equal([
      "MonitoringPipeline pv-name: existing.lakeBucketName is not known in this preview: it is checked at deploy.",
      "MonitoringPipeline pv-name: the existing bucket's region and account are not known in this preview: they are checked at deploy, before any resource is created.",
    ]);
    // The preview goes on: the plan shows every resource, and no lake is created.
    const resources = await settled();
    expect(resources.some((r) => r.type === "aws:lambda/function:Function")).to.equal(true);
    expect(resources.some((r) => r.name === "pv-name-lake")).to.equal(false);
  });
});
