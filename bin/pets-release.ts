import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { petsHandler } from './pets-handler';
import { GatewayStage, GradualAliasDeployment } from '../lib';

/**
 * CodeDeploy moves `next` (the alias prod's canary invokes) to each new
 * version (10% for five minutes, then all), after a pre-traffic hook has called the new version
 * and seen it list the pets; the canary's 5XX rate above 2% for two minutes,
 * or any error of the alias, rolls it back.
 */
export function addGradualRelease(scope: Construct, next: lambda.Alias, stage: GatewayStage): GradualAliasDeployment {
  const version = next.version;
  const smokeCheck = petsHandler(scope, 'PetsPreTrafficHook', PRE_TRAFFIC_HOOK_CODE);
  // The version the alias is about to move to: the hook tests it before it serves anyone.
  smokeCheck.addEnvironment('TARGET_VERSION_ARN', version.functionArn);
  version.grantInvoke(smokeCheck);
  return new GradualAliasDeployment(scope, 'PetsNextRelease', {
    alias: next,
    stage,
    preTrafficHook: smokeCheck,
    apiErrorRateThresholdPercent: 2,
    apiErrorEvaluationPeriods: 2,
  });
}

/**
 * BeforeAllowTraffic: invokes the target version with GET /pets and reports
 * Succeeded when it answers 200 with a list, Failed otherwise; CodeDeploy waits
 * for the report and rolls back on Failed.
 */
const PRE_TRAFFIC_HOOK_CODE = `
const { CodeDeployClient, PutLifecycleEventHookExecutionStatusCommand } = require('@aws-sdk/client-codedeploy');
const { LambdaClient, InvokeCommand } = require('@aws-sdk/client-lambda');
const codedeploy = new CodeDeployClient({});
const lambda = new LambdaClient({});
async function smokeCheck() {
  const request = { httpMethod: 'GET', resource: '/pets', path: '/pets', pathParameters: null, headers: {}, requestContext: { identity: {} } };
  const out = await lambda.send(new InvokeCommand({ FunctionName: process.env.TARGET_VERSION_ARN, Payload: JSON.stringify(request) }));
  if (out.FunctionError) return 'function error ' + out.FunctionError;
  const response = JSON.parse(Buffer.from(out.Payload).toString());
  if (response.statusCode !== 200) return 'status ' + response.statusCode;
  return Array.isArray(JSON.parse(response.body).pets) ? undefined : 'no pets in the answer';
}
exports.handler = async (event) => {
  let failure;
  try { failure = await smokeCheck(); } catch (error) { failure = String(error); }
  console.log(JSON.stringify({ target: process.env.TARGET_VERSION_ARN, failure: failure || null }));
  await codedeploy.send(new PutLifecycleEventHookExecutionStatusCommand({
    deploymentId: event.DeploymentId,
    lifecycleEventHookExecutionId: event.LifecycleEventHookExecutionId,
    status: failure ? 'Failed' : 'Succeeded',
  }));
};
`;
