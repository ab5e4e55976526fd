/**
 * Stands in for the SDK's default credential chain inside the Lambda bundles (see
 * functions/build.ts). Lambda always hands the function role's credentials over in these
 * variables; the rest of the chain (SSO, STS web identity, INI files) would add about 80 KB
 * of code that never runs there.
 */
export function defaultProvider(): () => Promise<{
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}> {
  return async () => {
    const accessKeyId = process.env.AWS_ACCESS_KEY_ID;
    const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY;
    const sessionToken = process.env.AWS_SESSION_TOKEN;
    if (!accessKeyId || !secretAccessKey) {
      throw new Error("AWS credentials not found: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
    }
    return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
  };
}
