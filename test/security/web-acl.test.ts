import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Authorization, GatewayRestApi, Integration, IWebAcl, WebAcl, WebAclBindOptions, WebAclConfig } from '../../lib';
import { FIXTURES, fixtureFunction } from '../fixtures';
import { nagErrors, nagFindings, NagPackName } from '../harness/nag';
import { newStack } from '../helpers';

describe('WebAcl', () => {
  test('managed: AWS common and known-bad-inputs rule sets and a per-IP rate limit, associated with every stage', () => {
    const app = new App();
    const stack = FIXTURES.regionalDomain(app);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      Rules: [
        Match.objectLike({ Name: 'AWSManagedRulesCommonRuleSet', Priority: 0, OverrideAction: { None: {} }, Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' } } }),
        Match.objectLike({ Name: 'AWSManagedRulesKnownBadInputsRuleSet', Priority: 1 }),
        Match.objectLike({ Name: 'RateLimitPerIp', Priority: 2, Action: { Block: {} }, Statement: { RateBasedStatement: { Limit: 500, AggregateKeyType: 'IP' } } }),
      ],
    });
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      ResourceArn: { 'Fn::Join': ['', Match.arrayWith([{ Ref: Match.stringLikeRegexp('^V1Stageprod') }])] },
      WebACLArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^V1WebAcl'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      WebACLArn: 'arn:aws:wafv2:eu-west-1:111111111111:regional/webacl/shared/1234abcd-12ab-34cd-56ef-1234567890ab',
    });
  });

  test('with a web ACL, cdk-nag\'s WAF rule is satisfied, not acknowledged', () => {
    const app = new App();
    FIXTURES.regionalDomain(app);
    expect(nagFindings(app).map(finding => finding.rule)).not.toContain('AwsSolutions-APIG3');
    const bare = new App();
    FIXTURES.minimal(bare);
    expect(nagFindings(bare).map(finding => finding.rule)).toContain('AwsSolutions-APIG3');
  });

  test('a web ACL from another region is a synth error', () => {
    const stack = new Stack(new App(), 'Eu', { env: { account: '111111111111', region: 'eu-west-1' } });
    expect(() => new GatewayRestApi(stack, 'Api', { webAcl: WebAcl.fromArn('arn:aws:wafv2:us-east-1:111111111111:regional/webacl/x/1') }))
      .toThrow(/web ACL .* is in us-east-1, but the API is in eu-west-1/);
  });

  test.each([
    ['a rate limit below 10', () => WebAcl.managed({ rateLimit: 5 }), /web ACL rateLimit must be between 10 and 2000000000, got 5/],
    ['a global (CloudFront) web ACL', () => WebAcl.fromArn('arn:aws:wafv2:us-east-1:111111111111:global/webacl/x/1'), /is not a regional WAFv2 web ACL/],
  ])('%s is a synth error', (_what, acl, message) => {
    const stack = newStack();
    expect(() => {
      const api = new GatewayRestApi(stack, 'Api', { webAcl: acl(), defaultAuthorization: Authorization.none() });
      api.addRoute('GET /a', Integration.lambda(fixtureFunction(stack, 'Fn')));
    }).toThrow(message);
  });

  test('managed with a logGroup: WAF logs the inspected requests to it, which satisfies the HIPAA and NIST logging rule', () => {
    // GIVEN a log group named as WAF requires
    const stack = newStack();
    const wafLogs = new logs.LogGroup(stack, 'WafLogs', { logGroupName: 'aws-waf-logs-orders', retention: logs.RetentionDays.ONE_YEAR });
    // WHEN a managed web ACL is given it
    const api = new GatewayRestApi(stack, 'Api', { webAcl: WebAcl.managed({ logGroup: wafLogs }) });
    api.addRoute('GET /a', Integration.lambda(fixtureFunction(stack, 'Fn')), { authorization: Authorization.none() });
    // THEN a logging configuration sends the web ACL's logs to the log group's ARN (without the ":*" of its Arn attribute)
    Template.fromStack(stack).hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      ResourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiWebAcl'), 'Arn'] },
      LogDestinationConfigs: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':log-group:', { Ref: Match.stringLikeRegexp('^WafLogs') }]] }],
    });
    const rules = nagErrors(stack, [NagPackName.HIPAA_SECURITY, NagPackName.NIST_800_53_R5]).map(finding => finding.rule);
    expect(rules).not.toContain('HIPAA.Security-WAFv2LoggingEnabled');
    expect(rules).not.toContain('NIST.800.53.R5-WAFv2LoggingEnabled');
  });

  test('managed without a logGroup: no WAF logs, and the packs report it', () => {
    // GIVEN a managed web ACL without a log group
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api', { webAcl: WebAcl.managed() });
    api.addRoute('GET /a', Integration.lambda(fixtureFunction(stack, 'Fn')), { authorization: Authorization.none() });
    // THEN there is no logging configuration, which both packs report
    Template.fromStack(stack).resourceCountIs('AWS::WAFv2::LoggingConfiguration', 0);
    expect(nagErrors(stack, [NagPackName.HIPAA_SECURITY, NagPackName.NIST_800_53_R5]).map(finding => finding.rule))
      .toEqual(expect.arrayContaining(['HIPAA.Security-WAFv2LoggingEnabled', 'NIST.800.53.R5-WAFv2LoggingEnabled']));
  });

  test.each([
    ['a generated name', (stack: Stack) => new logs.LogGroup(stack, 'Generated'), /\[WebAclLogGroupName\].*Generated has a generated name, which does not start with "aws-waf-logs-"/],
    ['another name', (stack: Stack) => new logs.LogGroup(stack, 'Named', { logGroupName: '/waf/orders' }), /\[WebAclLogGroupName\].*"\/waf\/orders" does not start with "aws-waf-logs-"/],
    ['an imported log group of another name', (stack: Stack) => logs.LogGroup.fromLogGroupName(stack, 'Imported', 'orders-waf'), /\[WebAclLogGroupName\].*"orders-waf" does not start/],
  ])('a logGroup with %s is a synth error', (_what, logGroup, message) => {
    // GIVEN a log group WAF cannot log to
    const stack = newStack();
    // WHEN a managed web ACL is given it
    // THEN the API is rejected, naming the log group and the fix
    expect(() => new GatewayRestApi(stack, 'Api', { webAcl: WebAcl.managed({ logGroup: logGroup(stack) }) })).toThrow(message);
  });
});

describe('a web ACL the library does not make (IWebAcl)', () => {
  test('its ARN is associated with every stage, and what it creates goes under the API', () => {
    // GIVEN a user's web ACL that makes its own CfnWebACL
    const stack = newStack();
    const acl: IWebAcl = {
      bind: (options: WebAclBindOptions): WebAclConfig => {
        const made = new wafv2.CfnWebACL(options.scope, 'OwnAcl', {
          scope: 'REGIONAL',
          defaultAction: { block: {} },
          visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'own', sampledRequestsEnabled: true },
        });
        return { webAclArn: made.attrArn };
      },
    };
    // WHEN
    const api = new GatewayRestApi(stack, 'Api', { webAcl: acl, stages: [{ name: 'dev' }, { name: 'prod' }] });
    api.addRoute('GET /a', Integration.lambda(fixtureFunction(stack, 'Fn')), { authorization: Authorization.none() });
    // THEN
    const template = Template.fromStack(stack);
    const aclId = Object.keys(template.findResources('AWS::WAFv2::WebACL'))[0];
    expect(aclId).toMatch(/^ApiOwnAcl/);
    expect(Object.keys(template.findResources('AWS::WAFv2::WebACLAssociation', { Properties: { WebACLArn: { 'Fn::GetAtt': [aclId, 'Arn'] } } }))).toHaveLength(2);
  });
});
