import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { petsHandler } from './pets-handler';

/**
 * A Lambda token authorizer that verifies HS256-signed JWTs (`Authorization:
 * Bearer <jwt>`) with a key kept in Secrets Manager, checks `exp`, and allows
 * the caller on this API's methods with the token's `sub` as principal.
 */
export function tokenAuthorizer(scope: Construct, id: string, signingKey: secretsmanager.ISecret): lambda.Function {
  const fn = petsHandler(scope, id, TOKEN_AUTHORIZER_CODE);
  fn.addEnvironment('SIGNING_KEY_SECRET_ARN', signingKey.secretArn);
  signingKey.grantRead(fn);
  return fn;
}

const TOKEN_AUTHORIZER_CODE = `
const crypto = require('crypto');
const { SecretsManagerClient, GetSecretValueCommand } = require('@aws-sdk/client-secrets-manager');
let signingKey;
const base64url = (buffer) => buffer.toString('base64').replace(/=+$/, '').replace(/\\+/g, '-').replace(/\\//g, '_');
async function key() {
  if (!signingKey) {
    const out = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: process.env.SIGNING_KEY_SECRET_ARN }));
    signingKey = out.SecretString;
  }
  return signingKey;
}
function verify(token, secret) {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const expected = base64url(crypto.createHmac('sha256', secret).update(parts[0] + '.' + parts[1]).digest());
  const given = Buffer.from(parts[2]);
  if (given.length !== Buffer.byteLength(expected) || !crypto.timingSafeEqual(given, Buffer.from(expected))) return undefined;
  const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString());
  const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString());
  if (header.alg !== 'HS256' || typeof claims.sub !== 'string') return undefined;
  if (typeof claims.exp !== 'number' || claims.exp * 1000 < Date.now()) return undefined;
  return claims;
}
exports.handler = async (event) => {
  const match = /^Bearer (.+)$/.exec(event.authorizationToken || '');
  let claims;
  try { claims = match && verify(match[1], await key()); } catch { claims = undefined; }
  // API Gateway answers 401 for this error, 403 for a Deny policy.
  if (!claims) throw new Error('Unauthorized');
  const [arn, stage] = event.methodArn.split('/');
  return {
    principalId: claims.sub,
    policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: arn + '/' + stage + '/*' }] },
    context: { scope: String(claims.scope || '') },
  };
};
`;
