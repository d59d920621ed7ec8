import { Template } from 'aws-cdk-lib/assertions';
import { GatewayRestApi, Integration } from '../../lib';
import * as body from '../../lib/rest/render/openapi-body';
import * as policy from '../../lib/rest/render/resource-policy';
import { newStack, PUBLIC } from '../helpers';

describe('RestApiOutputs', () => {
  afterEach(() => jest.restoreAllMocks());

  test('the body and the policy are rendered once per state of the model, however many outputs read them', () => {
    // GIVEN
    const renderBody = jest.spyOn(body, 'renderBody');
    const renderPolicy = jest.spyOn(policy, 'renderPolicy');
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api');
    api.addRoute('GET /pets', Integration.mock(), PUBLIC);
    api.addRoute('POST /pets', Integration.mock(), PUBLIC);
    // WHEN: the template (Body, Policy, the deployment id), the validation rules and the two documents all read them
    Template.fromStack(stack);
    // THEN
    expect(renderBody).toHaveBeenCalledTimes(1);
    expect(renderPolicy).toHaveBeenCalledTimes(1);
  });

  test('a change to the model renders anew: no reset by hand', () => {
    // GIVEN
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api');
    api.addRoute('GET /pets', Integration.mock(), PUBLIC);
    const before = api.openApiDocument();
    // WHEN
    api.addRoute('GET /toys', Integration.mock(), PUBLIC);
    // THEN
    expect(Object.keys(before.paths)).toEqual(['/pets']);
    expect(Object.keys(api.openApiDocument().paths)).toEqual(['/pets', '/toys']);
  });
});
