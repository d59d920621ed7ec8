import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { acknowledgeDeadLetterQueue, acknowledgeWorkflowRole } from './acknowledgments';
import { sampleKey } from './sample-key';
import { Authorization, GatewayRestApi, Integration, IRestAuthorization, MappingTemplate, Model, RequestValue } from '../lib';

/** An adoption request: validated by API Gateway before it reaches the queue. */
export const ADOPTION_MODEL = Model.fromSchema('AdoptionRequest', {
  schema: apigw.JsonSchemaVersion.DRAFT4,
  type: apigw.JsonSchemaType.OBJECT,
  required: ['petId', 'applicant'],
  additionalProperties: false,
  properties: {
    petId: { type: apigw.JsonSchemaType.STRING, pattern: '^[A-Za-z0-9-]{1,36}$' },
    applicant: {
      type: apigw.JsonSchemaType.OBJECT,
      required: ['name', 'email'],
      properties: {
        name: { type: apigw.JsonSchemaType.STRING, minLength: 1, maxLength: 100 },
        email: { type: apigw.JsonSchemaType.STRING, format: 'email', maxLength: 254 },
      },
    },
    message: { type: apigw.JsonSchemaType.STRING, maxLength: 2000 },
  },
});

/**
 * The routes of the pets API that need no Lambda function: API Gateway talks
 * to SQS, Step Functions, DynamoDB, an HTTP backend and a SOAP service itself,
 * or answers on its own.
 */
export function addIntegrationRoutes(scope: Construct, api: GatewayRestApi, write: IRestAuthorization): void {
  // Adoption requests queue up for the shelter staff; the body is validated first.
  const adoptions = new sqs.Queue(scope, 'AdoptionRequests', {
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
    deadLetterQueue: { queue: new sqs.Queue(scope, 'AdoptionRequestsDlq', { enforceSSL: true, retentionPeriod: Duration.days(14) }), maxReceiveCount: 5 },
  });
  acknowledgeDeadLetterQueue(adoptions.deadLetterQueue!.queue);
  api.addRoute('POST /adoptions', Integration.sqsSendMessage(adoptions), { operationId: 'requestAdoption', authorization: write, requestModel: ADOPTION_MODEL });

  // A checkup quote is computed by an express workflow while the caller waits.
  const checkupLogs = new logs.LogGroup(scope, 'CheckupQuoteLogs', { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY, encryptionKey: sampleKey(scope) });
  const checkupQuote = new sfn.StateMachine(scope, 'CheckupQuote', {
    stateMachineType: sfn.StateMachineType.EXPRESS,
    definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(scope, 'PriceCheckup', {
      parameters: { 'petId.$': '$.petId', 'price': 45, 'currency': 'EUR' },
    })),
    logs: { destination: checkupLogs, level: sfn.LogLevel.ALL },
    tracingEnabled: true,
    timeout: Duration.seconds(20),
  });
  acknowledgeWorkflowRole(checkupQuote.role);
  api.addRoute('POST /pets/{id}/checkup-quotes', Integration.stepFunctionsStartSyncExecution(checkupQuote), { operationId: 'quoteCheckup' });

  // Owners are read straight from DynamoDB: one item by its key, 404 when there is none.
  const owners = new dynamodb.TableV2(scope, 'Owners', {
    partitionKey: { name: 'ownerId', type: dynamodb.AttributeType.STRING },
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: true,
  });
  api.addRoute('GET /owners/{ownerId}', Integration.dynamoDbGetItem(owners, { key: { ownerId: RequestValue.path('ownerId') } }), { operationId: 'getOwner' });
  // Deleting an owner that is not there answers 404 (a condition on the key), not a silent success.
  api.addRoute('DELETE /owners/{ownerId}', Integration.dynamoDbDeleteItem(owners, { key: { ownerId: RequestValue.path('ownerId') }, requireExisting: true }), { operationId: 'deleteOwner', authorization: write });

  // The vet directory is a partner's HTTP API; its contact details are masked before they leave.
  api.addRoute('GET /vets/{vetId}', Integration.http('https://directory.vets.example.com/v1/vets/{vetId}', {
    proxy: false,
    addHeaders: { Accept: 'application/json' },
    responses: [
      { statusCode: 200, templates: { 'application/json': MappingTemplate.maskFields(['phone', 'email']) } },
      { statusCode: 404, selectionPattern: '404', templates: { 'application/json': '{"message": "No such vet"}' } },
      { statusCode: 502, selectionPattern: '5\\d{2}', templates: { 'application/json': '{"message": "The vet directory is unavailable"}' } },
    ],
    timeout: Duration.seconds(10),
  }), { operationId: 'getVet' });

  // Insurance quotes come from a SOAP service; callers send and receive JSON.
  api.addRoute('POST /insurance-quotes', Integration.soap('https://soap.insurer.example.com/QuoteService.asmx', {
    namespace: 'http://insurer.example.com/quotes',
    operation: 'GetQuote',
    soapAction: 'http://insurer.example.com/quotes/GetQuote',
    requestFields: ['species', 'ageYears'],
    responseFields: { premium: 'Premium', currency: 'Currency', quoteId: 'QuoteId' },
  }), { operationId: 'quoteInsurance' });

  // The old site keeps serving everything under /legacy until it is retired.
  api.addRoute('ANY /legacy/{proxy+}', Integration.http('https://legacy.pets.example.com/{proxy}'), { operationId: 'legacy' });

  // The health check answers without any backend, and never from the cache.
  api.addRoute('GET /health', Integration.mock({ body: '{"status": "ok"}', headers: { 'Cache-Control': 'no-store' } }), {
    operationId: 'health', authorization: Authorization.none(), cache: { enabled: false },
  });
}
