import { expect } from "chai";
import { readFileSync } from "node:fs";
import * as api from "../../components";
import { inferSchema, packageName, SCHEMA_FILE } from "../../scripts/component-schema";

interface Property {
  description?: string;
}
interface Resource {
  description?: string;
  inputProperties?: Record<string, Property>;
  requiredInputs?: string[];
  properties?: Record<string, Property>;
}
interface Schema {
  resources: Record<string, Resource>;
  types: Record<string, { description?: string; properties?: Record<string, Property> }>;
  dependencies?: { name: string; version: string }[];
}

/**
 * What `pulumi package add` sees: the schema Pulumi's own component analysis infers from the
 * TypeScript sources (the same code path as a `runtime: nodejs` plugin), run offline.
 */
describe("the multi-language component schema", function () {
  this.timeout(240_000);
  let schema: Schema;
  before(async () => {
    schema = (await inferSchema()) as unknown as Schema;
  });

  it("infers every component and matches the committed copy (npm run schema refreshes it)", () => {
    expect(Object.keys(schema.resources).sort()).to.deep.equal([
      "infra-monitoring-pipeline:index:AlertingStack",
      "infra-monitoring-pipeline:index:AnalyticsCatalog",
      "infra-monitoring-pipeline:index:CollectorWorkflow",
      "infra-monitoring-pipeline:index:MetricStore",
      "infra-monitoring-pipeline:index:MonitoringPipeline",
      "infra-monitoring-pipeline:index:OrganizationAccess",
    ]);
    const committed = JSON.parse(readFileSync(SCHEMA_FILE, "utf8")) as Schema;
    expect(schema).to.deep.equal(committed);
  });

  it("describes every component, input, output and type property", () => {
    const missing: string[] = [];
    for (const [type, r] of Object.entries(schema.resources)) {
      if (!r.description) missing.push(type);
      for (const [k, p] of Object.entries(r.inputProperties ?? {})) {
        if (!p.description) missing.push(`${type} input ${k}`);
      }
      for (const [k, p] of Object.entries(r.properties ?? {})) {
        if (!p.description) missing.push(`${type} output ${k}`);
      }
    }
    for (const [type, t] of Object.entries(schema.types)) {
      for (const [k, p] of Object.entries(t.properties ?? {})) {
        if (!p.description) missing.push(`${type}.${k}`);
      }
    }
    expect(missing).to.deep.equal([]);
  });

  it("is named after package.json, and each component registers the token the schema gives it", () => {
    const committed = JSON.parse(readFileSync(SCHEMA_FILE, "utf8")) as { name: string };
    expect(packageName()).to.equal("infra-monitoring-pipeline");
    expect(committed.name).to.equal("infra-monitoring-pipeline");
    const classes = [
      api.MonitoringPipeline,
      api.MetricStore,
      api.CollectorWorkflow,
      api.AlertingStack,
      api.AnalyticsCatalog,
      api.OrganizationAccess,
    ];
    for (const c of classes) {
      expect(schema.resources, c.name).to.have.property(c.TYPE);
      expect(c.TYPE).to.equal(`infra-monitoring-pipeline:index:${c.name}`);
    }
  });

  it("gives other languages every facade output a consumer wires, the role ARNs included", () => {
    const facade = schema.resources["infra-monitoring-pipeline:index:MonitoringPipeline"];
    expect(Object.keys(facade?.properties ?? {}).sort()).to.deep.equal([
      "alertTopicArn",
      "athenaWorkgroup",
      "collectorFunctionName",
      "collectorRoleArn",
      "dashboardUrl",
      "databaseName",
      "hotTableArn",
      "hotTableName",
      "lakeBucketArn",
      "lakeBucketName",
      "processorFailureQueueUrl",
      "processorFunctionName",
      "processorRoleArn",
      "queryPolicyArn",
      "schedulerDlqUrl",
      "stateMachineArn",
      "stateMachineRoleArn",
    ]);
  });

  it("takes the facade's one args object: only the environment is required", () => {
    const facade = schema.resources["infra-monitoring-pipeline:index:MonitoringPipeline"];
    expect(facade?.requiredInputs).to.deep.equal(["environment"]);
    expect(Object.keys(facade?.inputProperties ?? {})).to.include.members([
      "namePrefix",
      "schedule",
      "thresholds",
      "existing",
    ]);
    expect(Object.keys(facade?.properties ?? {})).to.include.members([
      "lakeBucketName",
      "alertTopicArn",
      "dashboardUrl",
    ]);
  });

  it("takes OrganizationAccess's organization, regions, targets and collector role as required", () => {
    const org = schema.resources["infra-monitoring-pipeline:index:OrganizationAccess"];
    expect(org?.requiredInputs).to.deep.equal([
      "collectorRoleArn",
      "organizationId",
      "organizationalUnitIds",
      "regions",
    ]);
    expect(Object.keys(org?.properties ?? {}).sort()).to.deep.equal([
      "memberRoleName",
      "sinkArns",
      "sinks",
      "stackSet",
      "stackSetInstances",
      "stackSetName",
    ]);
  });

  it("refers to existing resources as @pulumi/aws resources of the tested version", () => {
    const existing = schema.types["infra-monitoring-pipeline:index:MonitoringPipelineExistingArgs"];
    const ref = (k: string) => (existing?.properties?.[k] as { $ref?: string } | undefined)?.$ref;
    expect(ref("lakeBucket")).to.equal(
      "/aws/v7.48.0/schema.json#/resources/aws:s3%2Fbucket:Bucket",
    );
    expect(ref("hotTable")).to.equal(
      "/aws/v7.48.0/schema.json#/resources/aws:dynamodb%2Ftable:Table",
    );
    expect(schema.dependencies).to.deep.equal([{ name: "aws", version: "7.48.0" }]);
  });
});
