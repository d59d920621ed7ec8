import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildSampleApp } from '../bin/sample-app';

describe('sample app', () => {
  // GIVEN the sample app as `cdk synth` builds it
  const app = new App();
  const [pets, internal] = buildSampleApp(app);
  const petsTemplate = Template.fromStack(pets);
  const internalTemplate = Template.fromStack(internal);

  test('the pets API is regional with dev and prod stages routed to the dev and live aliases', () => {
    petsTemplate.hasResourceProperties('AWS::ApiGateway::RestApi', { EndpointConfiguration: { Types: ['REGIONAL'] } });
    petsTemplate.hasResourceProperties('AWS::ApiGateway::Stage', { StageName: 'dev', Variables: { lambdaAlias: 'dev' } });
    petsTemplate.hasResourceProperties('AWS::ApiGateway::Stage', { StageName: 'prod', Variables: { lambdaAlias: 'live' } });
    petsTemplate.hasResourceProperties('AWS::Lambda::Permission', {
      FunctionName: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^PetsHandler'), 'Arn'] }, ':live']] },
    });
  });

  test('the internal API is private to its VPC endpoint', () => {
    internalTemplate.hasResourceProperties('AWS::ApiGateway::RestApi', {
      EndpointConfiguration: { Types: ['PRIVATE'], VpcEndpointIds: [{ Ref: Match.stringLikeRegexp('ExecuteApi') }] },
      Policy: Match.objectLike({ Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny' })]) }),
    });
  });

  test('one account logging role for both stacks, the second depending on the first', () => {
    petsTemplate.resourceCountIs('AWS::ApiGateway::Account', 1);
    internalTemplate.resourceCountIs('AWS::ApiGateway::Account', 0);
    expect(internal.dependencies).toContain(pets);
  });

  test('templates match the snapshots (drift guard)', () => {
    expect(petsTemplate.toJSON()).toMatchSnapshot();
    expect(internalTemplate.toJSON()).toMatchSnapshot();
  });
});
