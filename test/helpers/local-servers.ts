// The local run owns the in-process S3 and DynamoDB servers; tests start the same ones.
export { type LocalServers, startLocalServers } from "../../local/servers";
