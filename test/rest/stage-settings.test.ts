import { Template } from 'aws-cdk-lib/assertions';
import { Authorization, CacheSize, GatewayRestApi, Integration } from '../../lib';
import { fixtureFunction } from '../fixtures';
import { newStack } from '../helpers';

describe('the stage-settings custom resource', () => {
  test('one bundled handler per stack, allowed to read and patch exactly its stages', () => {
    // GIVEN two APIs with cached stages in one stack
    const stack = newStack();
    const fn = fixtureFunction(stack, 'Fn');
    for (const id of ['One', 'Two']) {
      const api = new GatewayRestApi(stack, id, { defaultAuthorization: Authorization.none(), stages: [{ name: 'prod', cache: { size: CacheSize.GB_0_5 } }] });
      api.addRoute('GET /a', Integration.lambda(fn));
    }
    const template = Template.fromStack(stack);
    // THEN
    template.resourceCountIs('Custom::ApiGatewayStageSettings', 2);
    const handlers = template.findResources('AWS::Lambda::Function', { Properties: { Handler: 'index.handler', Runtime: 'nodejs24.x', Timeout: 120 } });
    expect(Object.keys(handlers).filter(id => id.startsWith('CdkApigatewayPatternsStageSettingsProvider'))).toHaveLength(1);
    const policy = Object.entries(template.findResources('AWS::IAM::Policy')).find(([id]) => id.startsWith('CdkApigatewayPatternsStageSettingsProvider'))![1] as any;
    const statements = policy.Properties.PolicyDocument.Statement.filter((statement: any) => JSON.stringify(statement.Action).includes('apigateway'));
    expect(statements).toHaveLength(2);
    expect(statements[0].Action).toEqual(['apigateway:GET', 'apigateway:PATCH']);
    expect(JSON.stringify(statements[0].Resource)).toMatch(/::\/restapis\/".*"Ref":"One.*\/stages\/prod"/);
    // AND the handler refuses requests for any stage but these (MANAGED_STAGES, the same stages as its policy)
    const [provider] = Object.entries(handlers).filter(([id]) => id.startsWith('CdkApigatewayPatternsStageSettingsProvider')).map(([, resource]) => resource as any);
    expect(provider.Properties.Environment.Variables.MANAGED_STAGES).toEqual({
      'Fn::Join': ['', [{ Ref: expect.stringMatching(/^One/) }, '/prod,', { Ref: expect.stringMatching(/^Two/) }, '/prod']],
    });
  });

  test('the resource re-runs whenever the stage changes (its fingerprint follows the stage)', () => {
    const fingerprint = (rate: number) => {
      const stack = newStack();
      const api = new GatewayRestApi(stack, 'Api', { defaultAuthorization: Authorization.none(), stages: [{ name: 'prod', throttle: { rateLimit: rate }, cache: { size: CacheSize.GB_0_5 } }] });
      api.addRoute('GET /a', Integration.lambda(fixtureFunction(stack, 'Fn')));
      const [resource] = Object.values(Template.fromStack(stack).findResources('Custom::ApiGatewayStageSettings')) as any[];
      return resource.Properties.StageFingerprint;
    };
    expect(fingerprint(10)).not.toEqual(fingerprint(20));
    expect(fingerprint(10)).toEqual(fingerprint(10));
  });
});
