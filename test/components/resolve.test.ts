import { expect } from "chai";
import { resolveAlertingStack } from "../../components/alerting-stack/resolve";
import { resolveAnalyticsCatalog } from "../../components/analytics-catalog/resolve";
import { resolveCollectorWorkflow } from "../../components/collector-workflow/resolve";
import { resolveMetricStore } from "../../components/metric-store/resolve";
import { resolveMonitoringPipeline } from "../../components/monitoring-pipeline/resolve";

// Each component merges its defaults in one pure step, before any resource exists.
describe("the resolve steps", () => {
  it("MetricStore: secure defaults, then the caller's choices", () => {
    const plain = resolveMetricStore("store", {});
    expect(plain.versioning).to.equal(true);
    expect(plain.accessLogging).to.equal(true);
    expect(plain.pointInTimeRecovery).to.equal(true);
    expect(plain.deletionProtection).to.equal(true);
    expect(plain.forceDestroy).to.equal(false);
    expect(plain.hotTableTtlDays).to.equal(7);
    expect(plain.accessLogExpireDays).to.equal(90);
    expect(plain.lifecycle.expireDays).to.equal(365);
    expect(plain.tags).to.deep.equal({});
    const given = resolveMetricStore("store", {
      deletionProtection: false,
      hotTableTtlDays: 3,
      lifecycle: { expireDays: 400 },
      tags: { team: "ops" },
    });
    expect(given.forceDestroy).to.equal(true);
    expect(given.hotTableTtlDays).to.equal(3);
    expect(given.lifecycle.expireDays).to.equal(400);
    expect(given.lifecycle.infrequentAccessDays).to.equal(30);
    expect(given.tags).to.deep.equal({ team: "ops" });
    expect(given.names.logical("lake")).to.equal("store-lake");
  });

  it("CollectorWorkflow: names, handler settings and the log level of the workflow type", () => {
    const base = { environment: "dev", lakeBucketName: "l", lakeBucketArn: "a", tableName: "t" };
    const args = { ...base, tableArn: "ta", alertTopicArn: "topic" };
    const r = resolveCollectorWorkflow("wf", args);
    expect(r.collectorFunction).to.equal("wf-collector");
    expect(r.processorFunction).to.equal("wf-processor");
    expect(r.stateMachine).to.equal("wf-workflow");
    expect(r.logGroups).to.deep.equal([
      "/aws/lambda/wf-collector",
      "/aws/lambda/wf-processor",
      "/aws/vendedlogs/states/wf-workflow",
    ]);
    expect(r.workflowType).to.equal("STANDARD");
    expect(r.stateMachineLogLevel).to.equal("ERROR");
    expect(r.collector).to.deep.equal({ memoryMb: 256, timeoutSeconds: 30 });
    expect(r.processor).to.deep.equal({ memoryMb: 512, timeoutSeconds: 300 });
    expect(r.processorAsync).to.deep.equal({
      maximumRetryAttempts: 2,
      maximumEventAgeInSeconds: 21_600,
    });
    expect(r.schedule).to.equal("rate(3 hours)");
    const express = resolveCollectorWorkflow("wf", {
      ...args,
      workflowType: "EXPRESS",
      processor: { maximumRetryAttempts: 0 },
      scheduleRetry: { maximumRetryAttempts: 1 },
    });
    expect(express.stateMachineLogLevel).to.equal("ALL");
    expect(express.processorAsync.maximumRetryAttempts).to.equal(0);
    expect(express.scheduleRetry).to.deep.equal({
      maximumRetryAttempts: 1,
      maximumEventAgeInSeconds: 3600,
    });
  });

  it("AlertingStack: host alarms and the agent configuration follow the metric source", () => {
    const links = {
      environment: "dev",
      schedule: "rate(3 hours)",
      collectorFunctionName: "c",
      processorFunctionName: "p",
      stateMachineArn: "arn",
      stateMachineName: "sm",
      tableName: "t",
      schedulerDlqName: "d",
      processorFailureQueueName: "f",
    };
    const cloudwatch = resolveAlertingStack("alerts", links);
    expect(cloudwatch.metricSource).to.equal("cloudwatch");
    expect(cloudwatch.hostMetricAlarms).to.equal(false);
    expect(cloudwatch.agentConfigParameter).to.equal(true);
    expect(cloudwatch.intervalSeconds).to.equal(10_800);
    expect(cloudwatch.actionsEnabled).to.equal(true);
    expect(cloudwatch.thresholds.cpu).to.equal(80);
    const synthetic = resolveAlertingStack("alerts", { ...links, metricSource: "synthetic" });
    expect(synthetic.hostMetricAlarms).to.equal(true);
    expect(synthetic.agentConfigParameter).to.equal(false);
    const fast = resolveAlertingStack("alerts", {
      ...links,
      metricSource: "synthetic",
      fastAlerts: true,
    });
    expect(fast.agentConfigParameter).to.equal(true);
  });

  it("AnalyticsCatalog: the database name follows the component name", () => {
    const args = { environment: "dev", lakeBucketName: "l", lakeBucketArn: "a" };
    const r = resolveAnalyticsCatalog("my-catalog", args);
    expect(r.databaseName).to.equal("my_catalog");
    expect(r.enforceWorkgroupConfiguration).to.equal(true);
    expect(r.forceDestroy).to.equal(false);
    expect(r.resultsExpireDays).to.equal(7);
    const named = resolveAnalyticsCatalog("my-catalog", { ...args, databaseName: "lake_db" });
    expect(named.databaseName).to.equal("lake_db");
  });

  it("MonitoringPipeline: the prefix and the four parts' args, built once", () => {
    const r = resolveMonitoringPipeline("pipe", { environment: "dev", namePrefix: "mon" });
    expect(r.prefix).to.equal("mon");
    expect(r.site).to.deep.equal({ kind: "MonitoringPipeline", name: "pipe" });
    expect(Object.keys(r.parts)).to.deep.equal(["store", "workflow", "alerting", "analytics"]);
    expect(r.parts.alerting.schedule).to.equal("rate(3 hours)");
    expect(r.parts.analytics.compaction?.catchUpDays).to.equal(30);
    expect(resolveMonitoringPipeline("pipe", { environment: "dev" }).prefix).to.equal("pipe");
  });
});
