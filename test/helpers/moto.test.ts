import { expect } from "chai";
import { S3Client, CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { motoSuite } from "./moto";
describe("moto", () => {
  const moto = motoSuite();
  it("answers 412 on If-Match mismatch", async () => {
    const s3 = new S3Client(moto().clientConfig);
    await s3.send(
      new CreateBucketCommand({
        Bucket: "moto-test-bucket",
        CreateBucketConfiguration: { LocationConstraint: "eu-west-1" },
      }),
    );
    await s3.send(new PutObjectCommand({ Bucket: "moto-test-bucket", Key: "k", Body: "x" }));
    const err = await s3
      .send(
        new PutObjectCommand({
          Bucket: "moto-test-bucket",
          Key: "k",
          Body: "y",
          IfMatch: '"nope"',
        }),
      )
      .catch((e) => e);
    expect(err.$metadata.httpStatusCode).to.equal(412);
  });
});
