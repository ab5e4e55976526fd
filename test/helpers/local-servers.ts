// The local run owns the in-process S3 and DynamoDB servers; tests start the same ones.
import { type LocalServers, startLocalServers } from "../../local/servers";

export { type LocalServers, startLocalServers };

/**
 * A suite's local servers, called inside describe(): started before its first test and handed
 * to `started` (to keep them, create buckets), stopped after its last test.
 */
export function localServersSuite(started: (servers: LocalServers) => unknown): void {
  let servers: LocalServers | undefined;
  before(async () => {
    servers = await startLocalServers();
    await started(servers);
  });
  after(async () => servers?.stop());
}
