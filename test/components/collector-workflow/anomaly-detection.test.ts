import { expect } from "chai";
import type {
  CollectorWorkflow as CollectorWorkflowClass,
  CollectorWorkflowArgs,
} from "../../../components/collector-workflow";
import {
  byName,
  constructionError,
  documentOf,
  mockedSuite,
  type RecordedResource,
  settled,
  valueOf,
} from "../../helpers/pulumi-mocks";
import { TABLE_ARN, workflowArgs } from "./fixtures";

let CollectorWorkflow: typeof CollectorWorkflowClass;

async function build(name: string, args: CollectorWorkflowArgs): Promise<RecordedResource[]> {
  const wf = new CollectorWorkflow(name, args);
  await valueOf(wf.scheduleName);
  return settled();
}

interface Statement {
  Sid?: string;
}

describe("CollectorWorkflow anomalyDetection", () => {
  mockedSuite(async () => {
    ({ CollectorWorkflow } = await import("../../../components/collector-workflow/index.js"));
  });

  it("on: the processor gets ANOMALY_DETECTION and exactly the state item actions", async () => {
    const resources = await build(
      "cw-anomaly",
      workflowArgs({
        anomalyDetection: { enabled: true, sensitivity: 0.6, metrics: ["disk_utilization"] },
      }),
    );
    const env = byName(resources, "cw-anomaly-processor").inputs.environment.variables;
    expect(env.ANOMALY_DETECTION).to.equal("0.6:disk_utilization");
    const doc = documentOf(byName(resources, "cw-anomaly-processor-policy")) as {
      Statement: Statement[];
    };
    expect(doc.Statement.find((s) => s.Sid === "ManageAnomalyState")).to.deep.equal({
      Sid: "ManageAnomalyState",
      Effect: "Allow",
      Action: ["dynamodb:BatchGetItem", "dynamodb:UpdateItem"],
      Resource: TABLE_ARN,
      Condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["ANOMALY#*"] } },
    });
  });

  it("on with defaults: sensitivity 0.45 on cpu, memory and disk utilization", async () => {
    const resources = await build(
      "cw-anom-def",
      workflowArgs({ anomalyDetection: { enabled: true } }),
    );
    expect(
      byName(resources, "cw-anom-def-processor").inputs.environment.variables.ANOMALY_DETECTION,
    ).to.equal("0.45:cpu_utilization,memory_utilization,disk_utilization");
  });

  it("off by default: no variable and no state actions", async () => {
    const resources = await build("cw-anom-off", workflowArgs());
    const env = byName(resources, "cw-anom-off-processor").inputs.environment.variables;
    expect(env).not.to.have.property("ANOMALY_DETECTION");
    const doc = documentOf(byName(resources, "cw-anom-off-processor-policy")) as {
      Statement: Statement[];
    };
    expect(doc.Statement.map((s) => s.Sid)).not.to.include("ManageAnomalyState");
  });

  it("refuses a sensitivity outside (0, 1] and an unknown metric, before any child", () => {
    const error = (anomalyDetection: CollectorWorkflowArgs["anomalyDetection"]) =>
      constructionError(
        () => new CollectorWorkflow("cw-anom-bad", workflowArgs({ anomalyDetection })),
      );
    expect(error({ enabled: true, sensitivity: 0 })).to.contain(
      "anomalyDetection: sensitivity 0 must be in (0, 1]",
    );
    expect(error({ sensitivity: 1.01 })).to.contain(
      "anomalyDetection: sensitivity 1.01 must be in (0, 1]",
    );
    expect(error({ metrics: ["cpu"] })).to.contain("anomalyDetection: unknown metric(s) cpu");
  });
});
