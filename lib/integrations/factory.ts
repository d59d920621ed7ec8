import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as events from 'aws-cdk-lib/aws-events';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { AwsServiceIntegration } from './aws-service';
import {
  AwsServiceIntegrationOptions, DynamoDbGetItemOptions, DynamoDbPutItemOptions, DynamoDbQueryOptions,
  EventBridgePutEventsOptions, SnsPublishOptions, SqsSendMessageOptions,
} from './aws-service-options';
import { getItemCall, putItemCall, queryCall } from './dynamodb';
import { deleteItemCall, scanCall, updateItemCall } from './dynamodb-items';
import { DynamoDbDeleteItemOptions, DynamoDbScanOptions, DynamoDbUpdateItemOptions } from './dynamodb-options';
import { serviceErrorResponses } from './error-responses';
import { putEventsCall } from './eventbridge';
import { HttpIntegration } from './http';
import { HttpIntegrationOptions } from './http-options';
import { DEFAULT_ALIAS_VARIABLE, IRestIntegration } from './integration';
import { putRecordCall, putRecordsCall } from './kinesis';
import { KinesisPutRecordOptions, KinesisPutRecordsOptions } from './kinesis-options';
import { LambdaProxyIntegration } from './lambda';
import { LambdaAliasIntegrationOptions, LambdaIntegrationOptions } from './lambda-options';
import { MappingTemplate } from './mapping-template';
import { MockIntegration } from './mock';
import { MockIntegrationOptions } from './mock-options';
import { PrivateLoadBalancerIntegration } from './private-load-balancer';
import { PrivateLoadBalancerIntegrationOptions } from './private-load-balancer-options';
import { s3GetObjectCall, s3PutObjectCall } from './s3';
import { S3ObjectOptions } from './s3-options';
import { snsPublishCall } from './sns';
import { SoapIntegrationOptions } from './soap-options';
import { sqsSendMessageCall } from './sqs';
import { startExecutionCall, startSyncExecutionCall } from './step-functions';
import { checkHeaderValue } from './transform';
import { factoryScope, GatewayValidationError } from '../core/errors';

/**
 * The integrations the library ships: each factory returns an
 * `IRestIntegration`, the backend a route sends its requests to, e.g.
 * `Integration.lambda(fn)`; one integration may serve any number of routes.
 * Implement `IRestIntegration` for a backend the library does not ship.
 */
export class Integration {
  /**
   * Lambda proxy integration (`AWS_PROXY`): the request is the function's event.
   * The function gets one permission scoped to this API, however many routes use it.
   */
  public static lambda(handler: lambda.IFunction, options: LambdaIntegrationOptions = {}): IRestIntegration {
    return new LambdaProxyIntegration(handler, options, undefined);
  }

  /**
   * Lambda proxy integration through an alias chosen by a stage variable: the
   * integration URI ends in `:${stageVariables.<variable>}`, so each stage (and
   * later each canary) invokes the alias it names. Every alias a stage selects
   * gets exactly one permission, scoped to this API.
   */
  public static lambdaAlias(handler: lambda.IFunction, options: LambdaAliasIntegrationOptions = {}): IRestIntegration {
    return new LambdaProxyIntegration(handler, options, options.variable ?? DEFAULT_ALIAS_VARIABLE);
  }

  /**
   * An HTTP backend. In proxy mode (the default) requests and responses pass
   * through; otherwise mapping templates and integration responses apply.
   *
   * `{name}` placeholders in the URL take the route's path parameter of that
   * name (`{proxy}` for `{proxy+}`), and `${stageVariables.name}` takes a
   * stage variable that every stage must set.
   */
  public static http(url: string, options: HttpIntegrationOptions = {}): IRestIntegration {
    return new HttpIntegration(url, options);
  }

  /**
   * A private integration: an Application or Network Load Balancer in a VPC,
   * reached through a VPC link V2 (`AWS::ApiGatewayV2::VpcLink`) with the load
   * balancer as the integration target. Without `vpcLink`, the API makes one
   * per VPC, with a security group the load balancer admits. The URL only sets
   * the Host header and TLS server name. (`Integration.http` with a V1
   * `vpcLink` to an NLB is the legacy form.)
   */
  public static privateLoadBalancer(loadBalancer: elbv2.ILoadBalancerV2, options: PrivateLoadBalancerIntegrationOptions = {}): IRestIntegration {
    return new PrivateLoadBalancerIntegration(loadBalancer, options);
  }

  /**
   * A SOAP 1.1 service behind a JSON route: the JSON request becomes a SOAP
   * envelope (`MappingTemplate.jsonToSoapEnvelope`), sent with `text/xml` and
   * the `SOAPAction`; the XML response becomes JSON
   * (`MappingTemplate.xmlToJson`). A SOAP fault (HTTP 500) answers 502 and
   * other backend errors 400, without the service's message.
   */
  public static soap(url: string, options: SoapIntegrationOptions): IRestIntegration {
    if (options.soapAction !== undefined && /["']/.test(options.soapAction)) {
      throw new GatewayValidationError(factoryScope('Integration.soap'), 'SoapActionInvalid', `soapAction ${JSON.stringify(options.soapAction)} must not contain quotes.`);
    }
    if (options.soapAction !== undefined) {
      checkHeaderValue(factoryScope('Integration.soap'), 'soapAction', 'the SOAPAction header', options.soapAction);
    }
    return new HttpIntegration(url, {
      proxy: false,
      method: 'POST',
      timeout: options.timeout,
      vpcLink: options.vpcLink,
      addHeaders: { 'Content-Type': 'text/xml; charset=utf-8', 'SOAPAction': `"${options.soapAction ?? ''}"` },
      requestTemplates: { 'application/json': MappingTemplate.jsonToSoapEnvelope(options.namespace, options.operation, options.requestFields) },
      responses: serviceErrorResponses({ statusCode: 200, templates: { 'application/json': MappingTemplate.xmlToJson(options.responseFields) } }),
    });
  }

  /**
   * A response API Gateway makes up itself, without a backend: health checks, stubs, redirects.
   */
  public static mock(options: MockIntegrationOptions = {}): IRestIntegration {
    return new MockIntegration(options);
  }

  /**
   * Sends the request body to an SQS queue (`SendMessage`) and answers 202
   * with the message id. The API gets a role allowed `sqs:SendMessage` on
   * this queue only (and its key, when the queue has one).
   */
  public static sqsSendMessage(queue: sqs.IQueue, options: SqsSendMessageOptions = {}): IRestIntegration {
    return new AwsServiceIntegration(sqsSendMessageCall(queue, options), options);
  }

  /**
   * Publishes the request body to an SNS topic (`Publish`) and answers 202
   * with the message id. The role may `sns:Publish` to this topic only.
   */
  public static snsPublish(topic: sns.ITopic, options: SnsPublishOptions = {}): IRestIntegration {
    return new AwsServiceIntegration(snsPublishCall(topic, options), options);
  }

  /**
   * Starts a Step Functions execution with the request body as input and
   * answers 202 with its ARN. The role may `states:StartExecution` on this
   * state machine only.
   */
  public static stepFunctionsStartExecution(stateMachine: sfn.IStateMachine, options: AwsServiceIntegrationOptions = {}): IRestIntegration {
    return new AwsServiceIntegration(startExecutionCall(stateMachine), options);
  }

  /**
   * Runs an EXPRESS state machine synchronously (`StartSyncExecution`) and
   * answers with its output, or 502 when the execution fails. The role may
   * `states:StartSyncExecution` on this state machine only.
   */
  public static stepFunctionsStartSyncExecution(stateMachine: sfn.IStateMachine, options: AwsServiceIntegrationOptions = {}): IRestIntegration {
    return new AwsServiceIntegration(startSyncExecutionCall(stateMachine), options);
  }

  /**
   * Reads one item (`GetItem`) by a key built from the request; answers with
   * the item in DynamoDB's typed JSON, or 404. The role may
   * `dynamodb:GetItem` on this table only.
   */
  public static dynamoDbGetItem(table: dynamodb.ITable, options: DynamoDbGetItemOptions): IRestIntegration {
    return new AwsServiceIntegration(getItemCall(table, options), options);
  }

  /**
   * Writes one item (`PutItem`) built from the request; answers 201. The
   * role may `dynamodb:PutItem` on this table only.
   */
  public static dynamoDbPutItem(table: dynamodb.ITable, options: DynamoDbPutItemOptions): IRestIntegration {
    return new AwsServiceIntegration(putItemCall(table, options), options);
  }

  /**
   * Queries one partition (`Query`) of the table or an index; answers with
   * the items. The role may `dynamodb:Query` on this table (or index) only.
   */
  public static dynamoDbQuery(table: dynamodb.ITable, options: DynamoDbQueryOptions): IRestIntegration {
    return new AwsServiceIntegration(queryCall(table, options), options);
  }

  /**
   * Puts the request body on an event bus as an event's detail
   * (`PutEvents`) and answers 202 with the event id. The role may
   * `events:PutEvents` on this bus only.
   */
  public static eventBridgePutEvents(bus: events.IEventBus, options: EventBridgePutEventsOptions): IRestIntegration {
    return new AwsServiceIntegration(putEventsCall(bus, options), options);
  }

  /**
   * Sets attributes of one item (`UpdateItem`, `SET`) and answers with the
   * item as it is then; by default only an existing item is updated, and a
   * missing one answers 404. The role may `dynamodb:UpdateItem` on this table only.
   */
  public static dynamoDbUpdateItem(table: dynamodb.ITable, options: DynamoDbUpdateItemOptions): IRestIntegration {
    return new AwsServiceIntegration(updateItemCall(table, options), options);
  }

  /**
   * Deletes one item (`DeleteItem`) by a key built from the request; answers
   * 200 (404 for a missing item with `requireExisting`). The role may
   * `dynamodb:DeleteItem` on this table only.
   */
  public static dynamoDbDeleteItem(table: dynamodb.ITable, options: DynamoDbDeleteItemOptions): IRestIntegration {
    return new AwsServiceIntegration(deleteItemCall(table, options), options);
  }

  /**
   * Reads the table a page at a time (`Scan`, `limit` items a page): answers
   * the items and, while there are more, a `nextToken` that the next
   * request passes as the `nextToken` query string. The role may
   * `dynamodb:Scan` on this table only.
   */
  public static dynamoDbScan(table: dynamodb.ITable, options: DynamoDbScanOptions = {}): IRestIntegration {
    return new AwsServiceIntegration(scanCall(table, options), options);
  }

  /**
   * Writes the request body to a Kinesis data stream as one record
   * (`PutRecord`) and answers with its sequence number and shard; 429 when
   * the stream's throughput is used up. The role may `kinesis:PutRecord` on
   * this stream only (and make data keys with its KMS key, when it has one).
   */
  public static kinesisPutRecord(stream: kinesis.IStream, options: KinesisPutRecordOptions = {}): IRestIntegration {
    return new AwsServiceIntegration(putRecordCall(stream, options), options);
  }

  /**
   * Writes each element of the body's `records` list to a Kinesis data
   * stream (`PutRecords`, up to 500 a request) and answers with the failed
   * count and each record's result. The role may `kinesis:PutRecords` on
   * this stream only.
   */
  public static kinesisPutRecords(stream: kinesis.IStream, options: KinesisPutRecordsOptions = {}): IRestIntegration {
    return new AwsServiceIntegration(putRecordsCall(stream, options), options);
  }

  /**
   * Serves an S3 object (`GetObject`) named by a path parameter, e.g.
   * `GET /files/{key}`: its bytes with its Content-Type, or 404. The API
   * needs `binaryMediaTypes` for the files' media types. The role may
   * `s3:GetObject` on the keys under `keyPrefix` only (and decrypt with the
   * bucket's KMS key, when it has one).
   */
  public static s3GetObject(bucket: s3.IBucket, options: S3ObjectOptions = {}): IRestIntegration {
    return new AwsServiceIntegration(s3GetObjectCall(bucket, options), options);
  }

  /**
   * Stores the request body as an S3 object (`PutObject`) named by a path
   * parameter, e.g. `PUT /files/{key}`, with the request's Content-Type;
   * answers 200 with its ETag. The API needs `binaryMediaTypes` for the
   * files' media types. The role may `s3:PutObject` on the keys under
   * `keyPrefix` only.
   */
  public static s3PutObject(bucket: s3.IBucket, options: S3ObjectOptions = {}): IRestIntegration {
    return new AwsServiceIntegration(s3PutObjectCall(bucket, options), options);
  }

  /** Only static factories: an integration is any `IRestIntegration`. */
  private constructor() {}
}
