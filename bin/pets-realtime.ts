import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { sampleKey } from './sample-key';
import { GatewayHttpApi, GatewayWebSocketApi, HttpApiIntegration, HttpAuthorization, WebSocketAuthorization, WebSocketChatHandlers } from '../lib';

/**
 * The low-cost and real-time sides of the pets app: an HTTP API for the
 * mobile app's read-mostly calls, with the web app's Cognito tokens checked
 * by a JWT authorizer, and a WebSocket chat between adopters and the shelter.
 */
export function addRealtimeApis(
  scope: Construct, handler: lambda.IFunction, users: cognito.IUserPool, webApp: cognito.IUserPoolClient, webOrigin: string,
): GatewayHttpApi {
  const lite = new GatewayHttpApi(scope, 'PetsLiteApi', {
    description: 'Pets for the mobile app: an HTTP API, a third of the price of REST',
    defaultAuthorization: HttpAuthorization.cognito(users, [webApp], { scopes: ['pets/read'] }),
    cors: { allowOrigins: [webOrigin], allowCredentials: true },
    stages: [{ name: '$default', throttle: { rateLimit: 200, burstLimit: 100 } }],
    logGroupEncryptionKey: sampleKey(scope),
  });
  const pets = HttpApiIntegration.lambda(handler);
  lite.addRoute('GET /pets', pets);
  lite.addRoute('GET /pets/{id}', pets);
  lite.addRoute('POST /pets', pets, { authorization: HttpAuthorization.cognito(users, [webApp], { scopes: ['pets/write'] }) });

  // Adopters and shelter staff chat in real time; clients sign the connection request with their Cognito identity's AWS credentials.
  const chat = new WebSocketChatHandlers(scope, 'ShelterChatHandlers', { logGroupEncryptionKey: sampleKey(scope) });
  const chatApi = new GatewayWebSocketApi(scope, 'ShelterChat', {
    description: 'Chat between adopters and the shelter',
    connectHandler: chat.connect,
    disconnectHandler: chat.disconnect,
    connectAuthorization: WebSocketAuthorization.iam(),
    throttle: { rateLimit: 50, burstLimit: 25 },
    logGroupEncryptionKey: sampleKey(scope),
  });
  // Two-way: a malformed message gets its 400 reason back.
  chatApi.addRoute('sendmessage', chat.sendMessage, { returnResponse: true });
  return lite;
}
