import { expect } from "chai";
import {
  ChildNames,
  fitName,
  lambdaLogGroupName,
  nameHash,
  NAME_LIMITS,
  stateMachineLogGroupName,
} from "../../../components/shared/naming";

// Expected hashes are the first 8 hex characters of `printf '%s' NAME | sha256sum`.
const A60 = "a".repeat(60);

describe("the naming strategy", () => {
  it("keeps every name that fits byte for byte: logical and physical", () => {
    const names = new ChildNames("monitoring-dev");
    expect(names.logical("collector")).to.equal("monitoring-dev-collector");
    expect(names.logical("compaction", "scheduler-role")).to.equal(
      "monitoring-dev-compaction-scheduler-role",
    );
    expect(names.physical("lambdaFunction", "collector")).to.equal("monitoring-dev-collector");
    expect(names.physical("dashboard")).to.equal("monitoring-dev");
    expect(names.prefixed("kmsAlias", "alias/", "alerts")).to.equal("alias/monitoring-dev-alerts");
    expect(lambdaLogGroupName("monitoring-dev-collector")).to.equal(
      "/aws/lambda/monitoring-dev-collector",
    );
    expect(stateMachineLogGroupName("monitoring-dev-workflow")).to.equal(
      "/aws/vendedlogs/states/monitoring-dev-workflow",
    );
  });

  it("applies AWS's limits at their edges: 63 for a bucket, 64 for a function", () => {
    expect(NAME_LIMITS.s3Bucket).to.equal(63);
    expect(NAME_LIMITS.lambdaFunction).to.equal(64);
    expect(fitName("b".repeat(63), NAME_LIMITS.s3Bucket)).to.equal("b".repeat(63));
    const bucket = fitName("b".repeat(64), NAME_LIMITS.s3Bucket);
    expect(bucket).to.equal(`${"b".repeat(54)}-a0fab137`);
    expect(bucket).to.have.length(63);
    expect(fitName("c".repeat(64), NAME_LIMITS.lambdaFunction)).to.equal("c".repeat(64));
    const fn = fitName("c".repeat(65), NAME_LIMITS.lambdaFunction);
    expect(fn).to.equal(`${"c".repeat(55)}-b30855e5`);
    expect(fn).to.have.length(64);
  });

  it("gives two long prefixes sharing a 60-character start different names", () => {
    const first = new ChildNames(`${A60}-first-pipeline`).physical("lambdaFunction", "collector");
    const second = new ChildNames(`${A60}-second-pipeline`).physical("lambdaFunction", "collector");
    expect(first).to.equal(`${"a".repeat(55)}-4c8c3a8e`);
    expect(second).to.equal(`${"a".repeat(55)}-b62db922`);
    expect(first).to.not.equal(second);
  });

  it("is deterministic: the same prefix gives the same names in any instance", () => {
    const long = `${A60}-first-pipeline`;
    expect(new ChildNames(long).physical("stateMachine", "workflow")).to.equal(
      new ChildNames(long).physical("stateMachine", "workflow"),
    );
    expect(nameHash(`${A60}-first-pipeline-collector`)).to.equal("4c8c3a8e");
  });

  it("leaves auto-named children to Pulumi while logical name and suffix fit", () => {
    const names = new ChildNames("x");
    // 56 characters and Pulumi's 8 make 64, an IAM role's limit.
    expect(names.autoNamed("iamRole", "r".repeat(56))).to.deep.equal({});
    const role = `${"r".repeat(43)}-compaction-scheduler-role`;
    expect(names.autoNamed("iamRole", role)).to.deep.equal({
      name: `${"r".repeat(43)}-compaction-6b15f21a`,
    });
    // A bucket's explicit name is lower case, as S3 requires.
    expect(names.autoNamed("s3Bucket", "L".repeat(60), "bucket")).to.deep.equal({
      bucket: "l".repeat(60),
    });
  });

  it("writes bucket names in lower case", () => {
    expect(new ChildNames("My-Lake").physical("s3Bucket", "logs")).to.equal("my-lake-logs");
  });
});
