import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as kms from 'aws-cdk-lib/aws-kms';
import { CacheSize, GatewayHttpApi, GatewayRestApi, GatewayWebSocketApi, HttpApiIntegration, HttpAuthorization, Integration, WebSocketAuthorization, WebSocketChatHandlers } from '../../lib';
import { fixtureFunction } from '../fixtures';
import { nagErrors, NagPackName } from '../harness/nag';
import { newStack, PUBLIC } from '../helpers';

function logGroupsOf(stack: Stack): Record<string, any> {
  return Template.fromStack(stack).findResources('AWS::Logs::LogGroup');
}

describe('logGroupEncryptionKey', () => {
  test('REST API: every stage\'s access log group and the stage-settings handler\'s log group use the key', () => {
    // GIVEN a key
    const stack = newStack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    // WHEN an API with two stages, one of them cached (which brings the stage-settings handler), is given it
    const api = new GatewayRestApi(stack, 'Api', {
      logGroupEncryptionKey: key,
      stages: [{ name: 'dev' }, { name: 'prod', cache: { size: CacheSize.GB_0_5, ttl: Duration.minutes(5) } }],
    });
    api.addRoute('GET /pets', Integration.lambda(fixtureFunction(stack, 'Fn')), PUBLIC);
    // THEN each of the library's log groups names the key
    const keyArn = stack.resolve(key.keyArn);
    const groups = logGroupsOf(stack);
    for (const id of ['ApiStagedevAccessLogs', 'ApiStageprodAccessLogs', 'CdkApigatewayPatternsStageSettingsProviderLogs']) {
      const found = Object.entries(groups).filter(([logicalId]) => logicalId.startsWith(id));
      expect(found.map(([logicalId, resource]) => [logicalId, resource.Properties.KmsKeyId])).toEqual([[expect.stringMatching(`^${id}`), keyArn]]);
    }
    expect(api.logGroupEncryptionKey).toBe(key);
    // AND CloudWatch Logs of the stack's account and region may use the key for log groups, in one statement
    const [keyResource] = Object.values(Template.fromStack(stack).findResources('AWS::KMS::Key'));
    const forLogs = keyResource.Properties.KeyPolicy.Statement.filter((statement: any) => statement.Principal?.Service !== undefined);
    expect(stack.resolve(forLogs)).toEqual([{
      Sid: 'AllowCloudWatchLogsToUseTheKeyForLogGroups',
      Effect: 'Allow',
      Principal: { Service: { 'Fn::Join': ['', ['logs.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } },
      Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      Resource: '*',
      Condition: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': {
            'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':log-group:*']],
          },
        },
      },
    }]);
  });

  test('REST API: without a key the log groups use CloudWatch Logs\' own encryption, and the HIPAA and NIST packs say so', () => {
    // GIVEN an API without a key
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api');
    api.addRoute('GET /pets', Integration.lambda(fixtureFunction(stack, 'Fn')), PUBLIC);
    // THEN its access log group has no key, which both packs report
    expect(Object.values(logGroupsOf(stack)).map(resource => resource.Properties.KmsKeyId)).toEqual([undefined]);
    const rules = nagErrors(stack, [NagPackName.HIPAA_SECURITY, NagPackName.NIST_800_53_R5]).map(finding => finding.rule);
    expect(rules).toEqual(expect.arrayContaining(['HIPAA.Security-CloudWatchLogGroupEncrypted', 'NIST.800.53.R5-CloudWatchLogGroupEncrypted']));
  });

  test('REST API: a key imported by ARN is used as given; its policy is its owner\'s', () => {
    // GIVEN an imported key
    const stack = newStack();
    const key = kms.Key.fromKeyArn(stack, 'Imported', 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab');
    // WHEN an API is given it
    const api = new GatewayRestApi(stack, 'Api', { logGroupEncryptionKey: key });
    api.addRoute('GET /pets', Integration.lambda(fixtureFunction(stack, 'Fn')), PUBLIC);
    // THEN the access log group names it, and no key policy is made
    expect(Object.values(logGroupsOf(stack)).map(resource => resource.Properties.KmsKeyId)).toEqual(['arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab']);
    Template.fromStack(stack).resourceCountIs('AWS::KMS::Key', 0);
  });

  test('HTTP API: every stage\'s access log group uses the key', () => {
    // GIVEN a key
    const stack = newStack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    // WHEN an HTTP API with two stages is given it
    const api = new GatewayHttpApi(stack, 'Api', { logGroupEncryptionKey: key, stages: [{ name: '$default' }, { name: 'beta' }] });
    api.addRoute('GET /items', HttpApiIntegration.lambda(fixtureFunction(stack, 'Fn')), { authorization: HttpAuthorization.none() });
    // THEN both access log groups name it
    const keyArn = stack.resolve(key.keyArn);
    expect(Object.values(logGroupsOf(stack)).map(resource => resource.Properties.KmsKeyId)).toEqual([keyArn, keyArn]);
  });

  test('WebSocket API and chat handlers: the stage\'s access log group and the three handlers\' log groups use the key', () => {
    // GIVEN a key
    const stack = newStack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    // WHEN the chat handlers and their API are given it
    const chat = new WebSocketChatHandlers(stack, 'Chat', { logGroupEncryptionKey: key });
    new GatewayWebSocketApi(stack, 'Api', { connectHandler: chat.connect, disconnectHandler: chat.disconnect, connectAuthorization: WebSocketAuthorization.iam(), logGroupEncryptionKey: key });
    // THEN all four log groups name it
    const groups = logGroupsOf(stack);
    expect(Object.keys(groups).sort()).toEqual([
      expect.stringMatching(/^ApiAccessLogs/), expect.stringMatching(/^ChatConnectLogs/), expect.stringMatching(/^ChatDisconnectLogs/), expect.stringMatching(/^ChatSendMessageLogs/),
    ]);
    expect(Object.values(groups).map(resource => resource.Properties.KmsKeyId)).toEqual(Array(4).fill(stack.resolve(key.keyArn)));
  });
});

describe('HIPAA Security and NIST 800-53 R5 findings the library settles', () => {
  test('a stage without a cache is acknowledged for cache encryption; a cache the caller leaves unencrypted is reported', () => {
    // GIVEN one stage without a cache and one with an unencrypted cache
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api', {
      stages: [{ name: 'dev' }, { name: 'prod', cache: { size: CacheSize.GB_0_5, encrypted: false } }],
    });
    api.addRoute('GET /pets', Integration.lambda(fixtureFunction(stack, 'Fn')), PUBLIC);
    // WHEN the packs run
    const findings = nagErrors(stack, [NagPackName.HIPAA_SECURITY, NagPackName.NIST_800_53_R5]).filter(finding => finding.rule.endsWith('-APIGWCacheEnabledAndEncrypted'));
    // THEN only the unencrypted cache is reported
    expect(findings.map(finding => finding.constructPath)).toEqual([expect.stringMatching(/Stage-prod\/Resource$/), expect.stringMatching(/Stage-prod\/Resource$/)]);
  });

  test('a stage presents the client certificate it is given to HTTP backends', () => {
    // GIVEN a client certificate
    const stack = newStack();
    const certificate = new apigw.CfnClientCertificate(stack, 'Certificate');
    // WHEN a stage is given it
    const api = new GatewayRestApi(stack, 'Api', { stages: [{ name: 'prod', clientCertificateId: certificate.ref }] });
    api.addRoute('GET /legacy', Integration.http('https://legacy.example.com/'), PUBLIC);
    // THEN the stage names it, which satisfies the packs' rule
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::Stage', { StageName: 'prod', ClientCertificateId: { Ref: Match.stringLikeRegexp('^Certificate') } });
    expect(nagErrors(stack, [NagPackName.HIPAA_SECURITY]).map(finding => finding.rule)).not.toContain('HIPAA.Security-APIGWSSLEnabled');
  });

  test('an HTTP API stage with clientCertificateId is a synth error', () => {
    // GIVEN an HTTP API
    const stack = newStack();
    const api = new GatewayHttpApi(stack, 'Api');
    // WHEN a JavaScript caller passes a REST-only stage option
    // THEN it is rejected
    expect(() => api.addStage({ name: 'beta', clientCertificateId: 'abc123' } as any)).toThrow(/\[HttpApiFeatureUnsupported\].*clientCertificateId/);
  });
});
