import { IConstruct } from 'constructs';
import type { RestRouteInfo } from './integration';
import { RequestValue } from './request-value';
import { MethodParameter } from './transform';
import { GatewayValidationError } from '../core/errors';

/**
 * The form fields that put a message into a FIFO queue's or topic's group,
 * deduplicated by request id; none for a standard one. A FIFO target without
 * a group, or a group for a standard target, fails synth.
 * @param kind 'queue' or 'topic', for messages
 */
export function fifoFormFields(
  scope: IConstruct, route: RestRouteInfo, kind: string, target: IConstruct, fifo: boolean,
  messageGroupId: RequestValue | undefined, parameters: MethodParameter[],
): string {
  if (fifo && !messageGroupId) {
    throw new GatewayValidationError(scope, 'FifoWithoutMessageGroup', `route ${route.key} sends to FIFO ${kind} ${target.node.path}, which needs a message group; pass messageGroupId, e.g. RequestValue.path('id').`);
  }
  if (!messageGroupId) {
    return '';
  }
  if (!fifo) {
    throw new GatewayValidationError(scope, 'MessageGroupWithoutFifo', `route ${route.key} sets messageGroupId, but ${kind} ${target.node.path} is not a FIFO ${kind}; remove it.`);
  }
  return `&MessageGroupId=${messageGroupId._render(scope, route, 'messageGroupId', 'form', parameters)}&MessageDeduplicationId=$context.requestId`;
}
