import { Token } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { IConstruct } from 'constructs';
import { AwsServiceCall } from './aws-service';
import { DynamoDbGetItemOptions, DynamoDbPutItemOptions, DynamoDbQueryOptions } from './aws-service-options';
import { errorBody, serviceErrorResponses } from './error-responses';
import type { RestRouteInfo } from './integration';
import { RequestValue } from './request-value';
import { MethodParameter } from './transform';
import { GatewayValidationError } from '../core/errors';
import { checkTemplateValue, checkTokensSafe, jsonStringInTemplate } from '../core/private/vtl';

/** DynamoDB's limit on a key attribute's name, in UTF-8 bytes; any character may be in it (the template escapes it). */
const MAX_ATTRIBUTE_NAME_BYTES = 255;
const INDEX_NAME = /^[A-Za-z0-9_.-]{3,255}$/;
const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;

/** The table's name, checked (an imported table's is a literal) and escaped for the request template's JSON. */
export function tableNameJson(scope: IConstruct, route: RestRouteInfo, table: dynamodb.ITable): string {
  checkTemplateValue(scope, `route ${route.key}: table name`, table.tableName, {
    pattern: TABLE_NAME,
    rule: 'use 3 to 255 characters of A-Z, a-z, 0-9, _, - and .',
    fix: 'pass a Table of the app, or import the table by its name or ARN as a literal string (dynamodb.Table.fromTableName).',
    code: 'DynamoDbTableNameInvalid',
  });
  return jsonStringInTemplate(table.tableName);
}

/** DynamoDB `GetItem`: answers with the item (in DynamoDB's typed JSON), or 404 when there is none. */
export function getItemCall(table: dynamodb.ITable, options: DynamoDbGetItemOptions): AwsServiceCall {
  return {
    ...tableCall(table, 'GetItem', table.tableArn),
    template: (scope, route, parameters) => {
      const key = attributes(scope, route, 'key', options.key, parameters);
      return `{"TableName": "${tableNameJson(scope, route, table)}", "Key": ${key}${options.consistentRead ? ', "ConsistentRead": true' : ''}}`;
    },
    responses: serviceErrorResponses({
      statusCode: 200,
      templates: {
        'application/json': [
          '#set($item = $input.path(\'$.Item\'))',
          '#if("$!item" == "")',
          '#set($context.responseOverride.status = 404)',
          errorBody('Not found'),
          '#else',
          '$input.json(\'$.Item\')',
          '#end',
        ].join('\n'),
      },
    }),
    overrideStatusCodes: ['404'],
  };
}

/** DynamoDB `PutItem`: writes the item built from the request; answers 201. */
export function putItemCall(table: dynamodb.ITable, options: DynamoDbPutItemOptions): AwsServiceCall {
  return {
    ...tableCall(table, 'PutItem', table.tableArn),
    template: (scope, route, parameters) =>
      `{"TableName": "${tableNameJson(scope, route, table)}", "Item": ${attributes(scope, route, 'item', options.item, parameters)}}`,
    responses: serviceErrorResponses({ statusCode: 201, templates: { 'application/json': '{"requestId": "$context.requestId"}' } }),
  };
}

/** DynamoDB `Query` on one partition: answers with the items (in DynamoDB's typed JSON). */
export function queryCall(table: dynamodb.ITable, options: DynamoDbQueryOptions): AwsServiceCall {
  const resource = options.indexName !== undefined ? `${table.tableArn}/index/${options.indexName}` : table.tableArn;
  return {
    ...tableCall(table, 'Query', resource),
    template: (scope, route, parameters) => {
      const where = `route ${route.key}`;
      checkAttributeName(scope, where, options.partitionKey);
      if (options.indexName !== undefined) {
        checkTemplateValue(scope, `${where}: index name`, options.indexName, {
          pattern: INDEX_NAME,
          rule: 'use 3 to 255 characters of A-Z, a-z, 0-9, _, - and .',
          fix: 'pass the index name as a literal string.',
          code: 'DynamoDbIndexNameInvalid',
        });
      }
      checkItemLimit(scope, where, options.limit, { what: 'query', code: 'DynamoDbQueryLimitInvalid' });
      const value = options.value._render(scope, route, 'the partition key value', 'json', parameters);
      return [
        `{"TableName": "${tableNameJson(scope, route, table)}", `,
        options.indexName !== undefined ? `"IndexName": "${jsonStringInTemplate(options.indexName)}", ` : '',
        '"KeyConditionExpression": "#pk = :pk", ',
        `"ExpressionAttributeNames": {"#pk": "${jsonStringInTemplate(options.partitionKey)}"}, `,
        `"ExpressionAttributeValues": {":pk": {"S": "${value}"}}`,
        options.limit !== undefined ? `, "Limit": ${options.limit}` : '',
        '}',
      ].join('');
    },
    responses: serviceErrorResponses({ statusCode: 200, templates: { 'application/json': '{"items": $input.json(\'$.Items\'), "count": $input.path(\'$.Count\')}' } }),
  };
}

export function tableCall(table: dynamodb.ITable, action: string, resourceArn: string): Omit<AwsServiceCall, 'template' | 'responses'> {
  return {
    service: 'dynamodb',
    uriPath: `action/${action}`,
    action,
    iamAction: `dynamodb:${action}`,
    resourceArn,
    target: table,
    encryptionKey: table.encryptionKey,
  };
}

/** `{"name": {"S": "<value>"}, ...}` for string attributes. */
export function attributes(
  scope: IConstruct, route: RestRouteInfo, what: string, values: Record<string, RequestValue>, parameters: MethodParameter[],
): string {
  const names = Object.keys(values);
  if (names.length === 0) {
    throw new GatewayValidationError(scope, 'DynamoDbAttributesEmpty', `route ${route.key}: the DynamoDB ${what} has no attributes; name at least the table's key attributes.`);
  }
  const rendered = stringAttributeValues(scope, route, what, values, parameters);
  return `{${names.map((name, index) => `"${jsonStringInTemplate(name)}": ${rendered[index]}`).join(', ')}}`;
}

/** `{"S": "<value>"}` for each attribute of `values`, in their order, each name checked. */
export function stringAttributeValues(
  scope: IConstruct, route: RestRouteInfo, what: string, values: Record<string, RequestValue>, parameters: MethodParameter[],
): string[] {
  return Object.keys(values).map(name => {
    checkAttributeName(scope, `route ${route.key}`, name);
    return `{"S": "${values[name]._render(scope, route, `${what} attribute ${name}`, 'json', parameters)}"}`;
  });
}

/** A Query's or Scan's `Limit`: DynamoDB takes any positive count, the library at most 1,000 items a page. */
export function checkItemLimit(
  scope: IConstruct, where: string, limit: number | undefined, { what, code }: { readonly what: string; readonly code: string },
): void {
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > 1000)) {
    throw new GatewayValidationError(scope, code, `${where}: ${what} limit ${limit} must be a whole number from 1 to 1000.`);
  }
}

export function checkAttributeName(scope: IConstruct, where: string, name: string): void {
  checkTokensSafe(scope, `${where}: DynamoDB attribute name`, name, 'pass the attribute name as a literal string.');
  const bytes = Buffer.byteLength(name, 'utf8');
  if (!Token.isUnresolved(name) && (bytes === 0 || bytes > MAX_ATTRIBUTE_NAME_BYTES)) {
    throw new GatewayValidationError(scope, 'DynamoDbAttributeNameInvalid', `${where}: DynamoDB attribute name ${JSON.stringify(name)} is invalid: use 1 to ${MAX_ATTRIBUTE_NAME_BYTES} bytes (UTF-8).`);
  }
}
