import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Authorization, GatewayRestApi, Integration, WebAcl } from '../../lib';
import { FIXTURES, fixtureFunction } from '../fixtures';
import { nagFindings } from '../harness/nag';
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
});
