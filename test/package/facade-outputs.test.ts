import { expect } from "chai";
import { mockedSuite, ofType, settled, valueOf } from "../helpers/pulumi-mocks";
import type * as Api from "../../components";

let api: typeof Api;

/**
 * Other languages see the facade's outputs, not its parts: whatever a consumer wires to the
 * pipeline (a topic policy naming the publishing roles, a queue alarm, a reader's policy) must
 * be one, and carry the value of the resource it names.
 */
describe("the facade's outputs", () => {
  mockedSuite(async () => {
    api = await import("../../components/index.js");
  });

  it("name the created resources: roles, functions, queues, lake, table and catalog", async () => {
    const p = new api.MonitoringPipeline("fo", {
      environment: "test",
      metricSource: "synthetic",
      alertEmails: ["ops@example.com"],
    });
    const resources = await settled();
    const state = (type: string, name: string, key: string): unknown =>
      ofType(resources, type).find((r) => r.name === name)?.state?.[key];
    const role = "aws:iam/role:Role";
    const expected: Record<string, unknown> = {
      collectorRoleArn: state(role, "fo-collector-role", "arn"),
      processorRoleArn: state(role, "fo-processor-role", "arn"),
      stateMachineRoleArn: state(role, "fo-workflow-role", "arn"),
      collectorFunctionName: state("aws:lambda/function:Function", "fo-collector", "name"),
      processorFunctionName: state("aws:lambda/function:Function", "fo-processor", "name"),
      lakeBucketArn: state("aws:s3/bucket:Bucket", "fo-lake", "arn"),
      hotTableArn: state("aws:dynamodb/table:Table", "fo-hot-table", "arn"),
      schedulerDlqUrl: state("aws:sqs/queue:Queue", "fo-scheduler-dlq", "url"),
      processorFailureQueueUrl: state("aws:sqs/queue:Queue", "fo-processor-failures", "url"),
      databaseName: state("aws:glue/catalogDatabase:CatalogDatabase", "fo-database", "name"),
      queryPolicyArn: state("aws:iam/policy:Policy", "fo-query-policy", "arn"),
    };
    for (const [key, value] of Object.entries(expected)) {
      expect(value, `${key}'s resource`).to.be.a("string");
      const output = p[key as keyof typeof p] as Parameters<typeof valueOf>[0];
      expect(await valueOf(output), key).to.equal(value);
    }
  });
});
