// Runs the compiled consumer program (bin/index.js) under Pulumi's mocks and prints every
// resource it registers as JSON, with the sha256 of each Lambda's index.mjs.
const { createHash } = require("node:crypto");
const pulumi = require("@pulumi/pulumi");

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
const recorded = [];
const invokes = {
  "aws:index/getCallerIdentity:getCallerIdentity": () => ({
    accountId: ACCOUNT,
    arn: "",
    userId: "",
    id: ACCOUNT,
  }),
  "aws:index/getRegion:getRegion": () => ({ name: REGION, region: REGION, id: REGION }),
  "aws:index/getPartition:getPartition": () => ({
    partition: "aws",
    dnsSuffix: "amazonaws.com",
    id: "aws",
  }),
};

pulumi.runtime.setMocks(
  {
    newResource(a) {
      const name = typeof a.inputs.name === "string" ? a.inputs.name : a.name;
      recorded.push({
        type: a.type,
        name: a.name,
        inputs: a.inputs,
        read: a.id !== undefined && a.id !== "",
      });
      const state = { ...a.inputs, name, arn: `arn:aws:mock:${REGION}:${ACCOUNT}:${name}` };
      if (a.type === "aws:s3/bucket:Bucket") state.bucket = a.id || name;
      if (a.type === "aws:sqs/queue:Queue")
        state.url = `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${name}`;
      return { id: a.id || `${name}-id`, state };
    },
    call(a) {
      const answer = invokes[a.token];
      if (!answer) throw new Error(`unexpected invoke ${a.token}`);
      return answer(a.inputs);
    },
  },
  "consumer",
  "dev",
  false,
);

async function codeHash(code) {
  const assets = await code.assets;
  const text = await assets["index.mjs"].text;
  return createHash("sha256").update(text).digest("hex");
}

async function main() {
  require("./bin/index.js");
  let stable = 0;
  let last = -1;
  while (stable < 50) {
    await new Promise((r) => setTimeout(r, 0));
    stable = recorded.length === last ? stable + 1 : 0;
    last = recorded.length;
  }
  const out = [];
  for (const r of recorded) {
    const code =
      r.type === "aws:lambda/function:Function" ? await codeHash(r.inputs.code) : undefined;
    out.push({
      type: r.type,
      name: r.name,
      read: r.read,
      inputs: { ...r.inputs, code: undefined },
      codeSha256: code,
    });
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
