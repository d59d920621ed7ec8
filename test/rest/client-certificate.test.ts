import { Template } from 'aws-cdk-lib/assertions';
import { GatewayHttpApi, GatewayRestApi, Integration } from '../../lib';
import { lintTemplates } from '../harness/cfn-lint';
import { newStack, PUBLIC } from '../helpers';

describe('a stage\'s client certificate for HTTP backends', () => {
  test('clientCertificate generates one AWS::ApiGateway::ClientCertificate per stage, which the stage presents', () => {
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api', { stages: [{ name: 'prod', clientCertificate: {} }, { name: 'dev', clientCertificate: { description: 'dev backends', generation: '2027' } }] });
    api.addRoute('GET /legacy', Integration.http('https://legacy.example.com/'), PUBLIC);
    const template = Template.fromStack(stack);
    const certificates = template.findResources('AWS::ApiGateway::ClientCertificate');
    const ids = Object.keys(certificates);
    expect(ids).toEqual([expect.stringMatching(/^ApiStageprodClientCertificate1/), expect.stringMatching(/^ApiStagedevClientCertificate2027/)]);
    expect(certificates[ids[1]].Properties).toEqual({ Description: 'dev backends' });
    template.hasResourceProperties('AWS::ApiGateway::Stage', { StageName: 'prod', ClientCertificateId: { Ref: ids[0] } });
    template.hasResourceProperties('AWS::ApiGateway::Stage', { StageName: 'dev', ClientCertificateId: { Ref: ids[1] } });
    expect(lintTemplates([{ name: 'client-certificate', template: template.toJSON() }])).toEqual([]);
  });

  test('a new generation is a new certificate (rotation); the stage moves to it', () => {
    const idFor = (generation?: string) => {
      const stack = newStack();
      const api = new GatewayRestApi(stack, 'Api', { stages: [{ name: 'prod', clientCertificate: { generation } }] });
      api.addRoute('GET /legacy', Integration.http('https://legacy.example.com/'), PUBLIC);
      return Object.keys(Template.fromStack(stack).findResources('AWS::ApiGateway::ClientCertificate'));
    };
    expect(idFor()).toEqual(idFor('1'));
    expect(idFor('2')).not.toEqual(idFor('1'));
  });

  test.each([
    [{ clientCertificateId: 'abc123', clientCertificate: {} }, /\[ClientCertificateConflict\] stage prod sets both clientCertificateId and clientCertificate/],
    [{ clientCertificateId: 'arn:aws:apigateway:eu-west-1::/clientcertificates/abc123' }, /\[ClientCertificateIdInvalid\] stage prod: clientCertificateId "arn:aws:apigateway.*is not a client certificate id/],
    [{ clientCertificate: { generation: 'next year' } }, /\[ClientCertificateGenerationInvalid\]/],
  ])('%j is refused', (options, message) => {
    const stack = newStack();
    expect(() => new GatewayRestApi(stack, 'Api', { stages: [{ name: 'prod', ...options }] })).toThrow(message);
  });

  test('a certificate on an API without HTTP backends is a warning', () => {
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api', { stages: [{ name: 'prod', clientCertificate: {} }] });
    api.addRoute('GET /health', Integration.mock(), PUBLIC);
    const warnings = Template.fromStack(stack) && stack.node.findAll().flatMap(c => c.node.metadata).filter(m => m.type === 'aws:cdk:warning').map(m => String(m.data));
    expect(warnings.some(w => /stage prod presents a client certificate, but no route has an HTTP or HTTP proxy integration/.test(w))).toBe(true);
  });

  test('an HTTP API stage with clientCertificate is a synth error', () => {
    const stack = newStack();
    const api = new GatewayHttpApi(stack, 'Api');
    expect(() => api.addStage({ name: 'beta', clientCertificate: {} } as any)).toThrow(/\[HttpApiFeatureUnsupported\].*clientCertificate \(client certificates\)/);
  });
});
