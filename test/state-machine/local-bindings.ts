/**
 * The local run's Task bindings (local/task-bindings.ts), with an outbox that keeps what the
 * SNS publish states send, for assertions.
 */
import type { Json } from "../../components/collector-workflow/asl";
import { type PublishedMessage, snsPublish as publishTo } from "../../local/task-bindings";

export { lambdaInvoke, namedError, type PublishedMessage } from "../../local/task-bindings";

/** arn:aws:states:::sns:publish: records the message, answers with a MessageId. */
export function snsPublish(outbox: PublishedMessage[]): (input: Json) => Json {
  return publishTo((message) => {
    outbox.push(message);
    return `message-${outbox.length}`;
  });
}
