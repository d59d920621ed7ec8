import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { AwsServiceCall } from './aws-service';
import { attributes, checkItemLimit, stringAttributeValues, tableCall, tableNameJson } from './dynamodb';
import { DynamoDbDeleteItemOptions, DynamoDbScanOptions, DynamoDbUpdateItemOptions } from './dynamodb-options';
import { serviceErrorResponses, serviceErrorResponsesExcept } from './error-responses';
import { IntegrationResponse } from './integration-response';
import { GatewayValidationError } from '../core/errors';
import { jsonStringInTemplate } from '../core/private/vtl';

/** The query-string parameter that carries a Scan's next page. */
export const NEXT_TOKEN = 'nextToken';

/**
 * A page key (DynamoDB's LastEvaluatedKey, as the previous page gave it): one or two key attributes, each a
 * string, number or binary value without quotes or backslashes in it, so that it can be put into the request
 * as it is and say nothing but which key to start after (no other field of the Scan can be smuggled in).
 */
const PAGE_KEY_ATTRIBUTE = '\\s*"[A-Za-z0-9_.-]{1,255}"\\s*:\\s*\\{\\s*"[SNB]"\\s*:\\s*"[^"\\\\]{0,2048}"\\s*\\}\\s*';
const PAGE_KEY = `\\{${PAGE_KEY_ATTRIBUTE}(,${PAGE_KEY_ATTRIBUTE})?\\}`;

/** A failed condition (DynamoDB's 400 ConditionalCheckFailedException) answers 404: the only condition written is "the item exists". */
function existenceCheckedResponses(success: IntegrationResponse): IntegrationResponse[] {
  return serviceErrorResponsesExcept(success, '.*ConditionalCheckFailedException', 404, 'Not found');
}

/** `, "ConditionExpression": "attribute_exists(#k0)"` (and the name) when the item must exist. */
function existenceCondition(key: Record<string, unknown>, required: boolean): { names: string[]; expression: string } {
  if (!required) {
    return { names: [], expression: '' };
  }
  // The partition key is in every item: the item exists exactly when it has the first key attribute.
  const first = Object.keys(key)[0];
  return { names: [`"#k0": "${jsonStringInTemplate(first)}"`], expression: ', "ConditionExpression": "attribute_exists(#k0)"' };
}

/** DynamoDB `UpdateItem`: sets the named attributes of one item (by default only of an existing one) and answers with the item. */
export function updateItemCall(table: dynamodb.ITable, options: DynamoDbUpdateItemOptions): AwsServiceCall {
  const required = options.requireExisting ?? true;
  return {
    ...tableCall(table, 'UpdateItem', table.tableArn),
    template: (scope, route, parameters) => {
      const where = `route ${route.key}`;
      const key = attributes(scope, route, 'key', options.key, parameters);
      const names = Object.keys(options.set);
      if (names.length === 0) {
        throw new GatewayValidationError(scope, 'DynamoDbUpdateEmpty', `${where}: the DynamoDB update sets no attributes; name at least one attribute in set.`);
      }
      const keyAttribute = names.find(name => name in options.key);
      if (keyAttribute !== undefined) {
        throw new GatewayValidationError(scope, 'DynamoDbUpdateKeyAttribute', `${where}: the DynamoDB update sets ${JSON.stringify(keyAttribute)}, an attribute of the key, which UpdateItem cannot change; remove it from set (write a new item with dynamoDbPutItem instead).`);
      }
      const condition = existenceCondition(options.key, required);
      const values = stringAttributeValues(scope, route, 'set', options.set, parameters).map((value, index) => `":u${index}": ${value}`);
      return [
        `{"TableName": "${tableNameJson(scope, route, table)}", "Key": ${key}, `,
        `"UpdateExpression": "SET ${names.map((_, index) => `#u${index} = :u${index}`).join(', ')}", `,
        `"ExpressionAttributeNames": {${[...names.map((name, index) => `"#u${index}": "${jsonStringInTemplate(name)}"`), ...condition.names].join(', ')}}, `,
        `"ExpressionAttributeValues": {${values.join(', ')}}`,
        condition.expression,
        ', "ReturnValues": "ALL_NEW"}',
      ].join('');
    },
    responses: existenceCheckedResponses({ statusCode: 200, templates: { 'application/json': '$input.json(\'$.Attributes\')' } }),
    overrideStatusCodes: ['404'],
  };
}

/** DynamoDB `DeleteItem`: deletes one item; answers 200 (or 404 for a missing item with `requireExisting`). */
export function deleteItemCall(table: dynamodb.ITable, options: DynamoDbDeleteItemOptions): AwsServiceCall {
  const required = options.requireExisting ?? false;
  const ok: IntegrationResponse = { statusCode: 200, templates: { 'application/json': '{"requestId": "$context.requestId"}' } };
  return {
    ...tableCall(table, 'DeleteItem', table.tableArn),
    template: (scope, route, parameters) => {
      const key = attributes(scope, route, 'key', options.key, parameters);
      const condition = existenceCondition(options.key, required);
      return `{"TableName": "${tableNameJson(scope, route, table)}", "Key": ${key}`
        + (required ? `, "ExpressionAttributeNames": {${condition.names.join(', ')}}${condition.expression}` : '')
        + '}';
    },
    responses: required ? existenceCheckedResponses(ok) : serviceErrorResponses(ok),
    overrideStatusCodes: required ? ['404'] : undefined,
  };
}

/**
 * DynamoDB `Scan`, one page at a time: answers the items and, when there are
 * more, a `nextToken` (the page's LastEvaluatedKey, base64-encoded) that the
 * `nextToken` query-string parameter takes back. A token that is not a page
 * key answers 400 (DynamoDB refuses the malformed start key).
 */
export function scanCall(table: dynamodb.ITable, options: DynamoDbScanOptions): AwsServiceCall {
  const limit = options.limit ?? 100;
  return {
    ...tableCall(table, 'Scan', table.tableArn),
    template: (scope, route, parameters) => {
      checkItemLimit(scope, `route ${route.key}`, limit, { what: 'scan', code: 'DynamoDbScanLimitInvalid' });
      parameters.push({ location: 'querystring', name: NEXT_TOKEN, required: false });
      return [
        `{"TableName": "${tableNameJson(scope, route, table)}", "Limit": ${limit}`,
        `#set($token = "$!input.params().querystring.get('${NEXT_TOKEN}')")`,
        '#if($token != "")',
        '#set($start = $util.base64Decode($token))',
        // Anything but a page key becomes a start key DynamoDB refuses (400), so the caller can add nothing else to the Scan.
        `, "ExclusiveStartKey": #if($start.matches('${PAGE_KEY}'))$start#else"invalid"#end`,
        '#end',
        '}',
      ].join('\n');
    },
    responses: serviceErrorResponses({
      statusCode: 200,
      templates: {
        'application/json': [
          '{"items": $input.json(\'$.Items\'), "count": $input.path(\'$.Count\')',
          '#if("$!input.path(\'$.LastEvaluatedKey\')" != ""), "nextToken": "$util.base64Encode($input.json(\'$.LastEvaluatedKey\'))"#end',
          '}',
        ].join('\n'),
      },
    }),
  };
}
