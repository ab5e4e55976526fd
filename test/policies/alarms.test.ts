import { expect } from "chai";
import { compliantStack, without, withChange } from "./fixtures";
import { messagesOf } from "./run";

describe("alarm-coverage", () => {
  it("a function without an alarm", async () => {
    const stack = without(compliantStack(), "collector-errors");
    expect(await messagesOf("alarm-coverage", stack)).to.deep.equal([
      "collector (aws:lambda/function:Function) has no alarm (a MetricAlarm with dimension FunctionName).",
    ]);
  });

  it("a state machine without an alarm", async () => {
    const stack = without(compliantStack(), "workflow-failed");
    expect(await messagesOf("alarm-coverage", stack)).to.deep.equal([
      "workflow (aws:sfn/stateMachine:StateMachine) has no alarm (a MetricAlarm with dimension StateMachineArn).",
    ]);
  });

  it("an alarm on another function does not count; a metric-math alarm does", async () => {
    const other = withChange(
      compliantStack(),
      "collector-errors",
      (p) => (p.dimensions = { FunctionName: "processor" }),
    );
    expect(await messagesOf("alarm-coverage", other)).to.have.length(1);
    const math = withChange(compliantStack(), "collector-errors", (p) => {
      delete p.dimensions;
      p.metricQueries = [
        {
          id: "e",
          metric: {
            metricName: "Errors",
            namespace: "AWS/Lambda",
            dimensions: { FunctionName: "collector" },
          },
        },
        { id: "rate", expression: "e*100", returnData: true },
      ];
    });
    expect(await messagesOf("alarm-coverage", math)).to.deep.equal([]);
  });
});
