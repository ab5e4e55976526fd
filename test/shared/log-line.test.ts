import { expect } from "chai";
import { logLineSchema } from "../../contract/log-line";

const line = {
  timestamp: "2026-11-21T10:00:00.123Z",
  service: "checkout",
  level: "error",
  message: "payment provider timed out",
};

describe("logLineSchema", () => {
  it("accepts a line, upper-cases its level and keeps extra fields", () => {
    const parsed = logLineSchema.parse({ ...line, request_id: "req-1", latency_ms: 5012 });
    expect(parsed).to.deep.equal({
      ...line,
      level: "ERROR",
      request_id: "req-1",
      latency_ms: 5012,
    });
  });

  it("maps WARNING and CRITICAL to WARN and FATAL", () => {
    expect(logLineSchema.parse({ ...line, level: "warning" }).level).to.equal("WARN");
    expect(logLineSchema.parse({ ...line, level: "CRITICAL" }).level).to.equal("FATAL");
  });

  it("rejects a line without a service, an unknown level and a local timestamp", () => {
    const result = logLineSchema.safeParse({
      ...line,
      service: undefined,
      level: "LOUD",
      timestamp: "2026-11-21 10:00",
    });
    expect(result.success).to.equal(false);
    expect(result.error?.issues.map((i) => i.path.join("."))).to.have.members([
      "service",
      "level",
      "timestamp",
    ]);
  });
});
