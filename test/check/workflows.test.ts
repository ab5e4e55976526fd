import { readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { parse } from "yaml";

const ROOT = path.resolve(__dirname, "../..");

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  needs?: string | string[];
  environment?: string;
  steps: Step[];
  permissions?: Record<string, string>;
}
const workflow = (file: string) =>
  parse(readFileSync(path.join(ROOT, ".github/workflows", file), "utf8")) as {
    on: Record<string, unknown>;
    jobs: Record<string, Job>;
  };
/** npm's banner would corrupt the JSON without --silent. */
const writesPolicyConfig = (stack: string) =>
  `npm run --silent policy-config -- --stack ${stack} > policy-config.${stack}.json`;
const pulumiStep = (job: Job) => job.steps.find((s) => s.uses?.startsWith("pulumi/actions@"));

describe("the CI workflows", () => {
  it("pull requests: test, check both stacks, then preview dev with the policy pack", () => {
    const wf = workflow("pull-request.yml");
    expect(wf.on).to.have.property("pull_request");
    const runs = (wf.jobs.test?.steps ?? []).map((s) => s.run);
    expect(runs).to.include.members([
      "npm ci",
      "npm test",
      "npm run check -- --stack dev",
      "npm run check -- --stack prod",
      "npm run check -- --stack dev --preview",
      "npm run check -- --stack prod --preview",
    ]);
    const preview = wf.jobs.preview as Job;
    expect(preview.needs).to.equal("test");
    expect(preview.steps.map((s) => s.run)).to.include(writesPolicyConfig("dev"));
    expect(preview.permissions?.["id-token"]).to.equal("write");
    expect(pulumiStep(preview)?.with).to.include({
      command: "preview",
      "stack-name": "dev",
      policyPacks: "policies",
      policyPackConfigs: "policy-config.dev.json",
    });
    expect(pulumiStep(preview)?.env?.PULUMI_ACCESS_TOKEN).to.equal(
      "${{ secrets.PULUMI_ACCESS_TOKEN }}",
    );
  });

  it("main: dev deploys after the tests, prod waits for the production environment", () => {
    const wf = workflow("deploy.yml");
    expect(wf.on).to.have.property("push");
    const { dev, prod } = wf.jobs as { dev: Job; prod: Job };
    expect(dev.needs).to.equal("test");
    expect(prod.needs).to.equal("dev");
    expect(prod.environment).to.equal("production");
    expect(pulumiStep(dev)?.with).to.include({
      command: "up",
      "stack-name": "dev",
      policyPacks: "policies",
    });
    expect(pulumiStep(prod)?.with).to.include({
      command: "up",
      "stack-name": "prod",
      policyPacks: "policies",
    });
    expect(dev.steps.map((s) => s.run)).to.include(writesPolicyConfig("dev"));
    expect(prod.steps.map((s) => s.run)).to.include(writesPolicyConfig("prod"));
    for (const job of [dev, prod]) {
      const aws = job.steps.find((s) =>
        s.uses?.startsWith("aws-actions/configure-aws-credentials@"),
      );
      expect(aws?.with?.["role-to-assume"]).to.equal("${{ secrets.AWS_ROLE_ARN }}");
    }
  });
});
