import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import {
  byName,
  captureInfo,
  captureWarnings,
  constructionError,
  deploymentErrors,
  mockedSuite,
  ofType,
  STACK_OUTPUTS,
  settled,
} from "../../helpers/pulumi-mocks";
import type * as Components from "../../../components";
import type { AlertingStackArgs, ThresholdArgs } from "../../../components";

let C: typeof Components;
/** How the engine marks a secret input: the mocks see the signature and the value inside. */
const SECRET = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };
const SHARED = "acme/shared/prod";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

const args = (thresholds: ThresholdArgs, over: Partial<AlertingStackArgs> = {}) => ({
  environment: "test",
  schedule: "rate(3 hours)",
  metricSource: "synthetic",
  thresholds,
  collectorFunctionName: "collector",
  processorFunctionName: "processor",
  stateMachineArn: "arn:aws:states:eu-west-1:123456789012:stateMachine:sm",
  stateMachineName: "sm",
  tableName: "table",
  schedulerDlqName: "dlq",
  processorFailureQueueName: "failures",
  ...over,
});

/** The message AlertingStack gives for a threshold out of range, at once or at deploy. */
const outOfRange = (name: string, got: string) =>
  `AlertingStack ${name}: invalid arguments:\n  - thresholds.cpu must be a percentage above 0 and at most 100 (got ${got})`;

describe("AlertingStack: thresholds from other stacks and secrets", () => {
  mockedSuite(async () => {
    C = await import("../../../components/index.js");
    STACK_OUTPUTS.set(SHARED, {
      outputs: { cpuThreshold: 70, memoryThreshold: 95, diskThreshold: "80" },
      secretOutputNames: ["memoryThreshold"],
    });
  });

  it("puts another stack's threshold on the alarm and in its description; a secret stays secret", async () => {
    const shared = new pulumi.StackReference(SHARED);
    const { errors, resources } = await deploymentErrors(
      () =>
        new C.AlertingStack(
          "th-ref",
          args(
            { cpu: shared.getOutput("cpuThreshold"), memory: shared.getOutput("memoryThreshold") },
            { fastAlerts: true },
          ),
        ),
    );
    expect(errors).to.deep.equal([]);
    const cpu = byName(resources, "th-ref-high-cpu").inputs;
    expect(cpu.threshold).to.equal(70);
    expect(cpu.alarmDescription).to.equal(
      "An instance in test had CPU above 70 % in 2 consecutive collections. Find the instance on the dashboard; check its top processes, then scale or fix. Runbook: docs/runbooks.md#runbook-high-cpu",
    );
    expect(byName(resources, "th-ref-fast-cpu").inputs.threshold).to.equal(70);
    const memory = byName(resources, "th-ref-high-memory").inputs;
    expect(memory.threshold).to.deep.equal({ ...SECRET, value: 95 });
    expect(Object.keys(memory.alarmDescription)).to.deep.equal([...Object.keys(SECRET), "value"]);
    expect(byName(resources, "th-ref-fast-memory").inputs.threshold).to.deep.equal({
      ...SECRET,
      value: 95,
    });
    // The others keep their defaults, plain.
    expect(byName(resources, "th-ref-high-disk").inputs.threshold).to.equal(85);
    expect(byName(resources, "th-ref-high-error-rate").inputs.threshold).to.equal(5);
  });

  for (const [label, bad, got] of [
    ["0", 0, "0"],
    ["-1", -1, "-1"],
    ["100.0001", 100.0001, "100.0001"],
    ["NaN", Number.NaN, "NaN"],
  ] as const) {
    it(`refuses ${label} at once, and from an Output at deploy with the same message`, async () => {
      expect(constructionError(() => new C.AlertingStack("th-now", args({ cpu: bad })))).to.equal(
        outOfRange("th-now", got),
      );
      const { errors, resources } = await deploymentErrors(
        () => new C.AlertingStack("th-later", args({ cpu: pulumi.output(bad) })),
      );
      expect(errors).to.deep.equal([outOfRange("th-later", got)]);
      // The alarms that read it are never registered; the others are.
      expect(resources.some((r) => r.name === "th-later-high-cpu")).to.equal(false);
      expect(resources.some((r) => r.name === "th-later-high-disk")).to.equal(true);
    });
  }

  it("takes 100 and a value just above 0, known or from an Output", async () => {
    const { errors, resources } = await deploymentErrors(() => {
      new C.AlertingStack("th-edge", args({ cpu: 100, disk: 0.0001 }));
      new C.AlertingStack("th-edge-out", args({ cpu: pulumi.output(100) }));
    });
    expect(errors).to.deep.equal([]);
    expect(byName(resources, "th-edge-high-cpu").inputs.threshold).to.equal(100);
    expect(byName(resources, "th-edge-high-disk").inputs.threshold).to.equal(0.0001);
    expect(byName(resources, "th-edge-out-high-cpu").inputs.threshold).to.equal(100);
  });

  it("leaves a secret's value out of the message", async () => {
    const { errors } = await deploymentErrors(
      () => new C.AlertingStack("th-secret", args({ cpu: pulumi.secret(120) })),
    );
    expect(errors).to.deep.equal([outOfRange("th-secret", "a secret value")]);
  });

  it("names a value of another stack that is not a number", async () => {
    const shared = new pulumi.StackReference(SHARED);
    const { errors } = await deploymentErrors(
      () => new C.AlertingStack("th-text", args({ disk: shared.getOutput("diskThreshold") })),
    );
    expect(errors).to.deep.equal([
      'AlertingStack th-text: invalid arguments:\n  - thresholds.disk must be a percentage above 0 and at most 100 (got "80")',
    ]);
  });

  it("gives the fraction hint for a known value at once and for an Output when it resolves", async () => {
    const hint =
      "AlertingStack: thresholds.cpu is 0.8 %: thresholds are percentages; did you mean 80?";
    const known = await captureWarnings(() => new C.AlertingStack("th-frac", args({ cpu: 0.8 })));
    const later = await captureWarnings(
      () => new C.AlertingStack("th-frac-out", args({ cpu: pulumi.output(0.8) })),
    );
    const secret = await captureWarnings(
      () => new C.AlertingStack("th-frac-sec", args({ memory: pulumi.secret(0.9) })),
    );
    const hints = (ws: string[]) => ws.filter((w) => w.includes("thresholds."));
    expect(hints(known)).to.deep.equal([hint]);
    expect(hints(later)).to.deep.equal([hint]);
    expect(hints(secret)).to.deep.equal([
      "AlertingStack: thresholds.memory (secret) is at most 1 %: thresholds are percentages; did you mean it times 100?",
    ]);
    // A hint, never a refusal: the alarm is built with the value given.
    const resources = await settled();
    expect(ofType(resources, ALARM).length).to.be.greaterThan(0);
  });
});

describe("AlertingStack: a threshold unknown in preview", () => {
  mockedSuite(async () => {
    C = await import("../../../components/index.js");
  }, true);

  it("says it is checked at deploy, and still plans every alarm", async () => {
    const unknown = pulumi.output(pulumi.unknown) as pulumi.Output<number>;
    const info = await captureInfo(() => new C.AlertingStack("th-pv", args({ cpu: unknown })));
    expect(info).to.deep.equal([
      "AlertingStack th-pv: thresholds.cpu is not known in this preview: it is checked at deploy.",
    ]);
    const resources = await settled();
    expect(resources.some((r) => r.name === "th-pv-high-cpu")).to.equal(true);
    expect(resources.some((r) => r.name === "th-pv-high-memory")).to.equal(true);
  });
});
