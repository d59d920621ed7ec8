import { Construct } from 'constructs';
import { AuthorizationType } from '../../lib';
import { McpTargetFacts, selectTools } from '../../lib/mcp/mcp-rules';
import { parseToolRequest, unreachableReason } from '../../lib/mcp/mcp-tool-selection';
import { renderToolConfiguration } from '../../lib/mcp/render-tool-configuration';
import { route } from '../rest/model-fixtures';

/*
 * The selection and the renderer are plain functions of route records: no stack, no synth.
 */

const SCOPE = new Construct(undefined as any, 'Mcp');

function facts(fields: Partial<McpTargetFacts> = {}): McpTargetFacts & { readonly notes: string[] } {
  const notes: string[] = [];
  return {
    scope: SCOPE,
    apiPath: 'Api',
    stage: 'prod',
    outbound: 'GATEWAY_IAM_ROLE',
    info: message => notes.push(`info: ${message}`),
    warn: (id, message) => notes.push(`${id}: ${message}`),
    notes,
    ...fields,
  };
}

const iam = { authorizationType: AuthorizationType.IAM };
const ROUTES = [
  route('GET /pets', { options: { operationId: 'listPets' } }),
  route('POST /pets', { options: { operationId: 'createPet' } }),
  route('GET /pets/{id}', { options: { operationId: 'getPet' }, authorization: iam }),
  route('PUT /pets/{id}', { options: { operationId: 'putPet' }, authorization: iam }),
];

describe('renderToolConfiguration', () => {
  test('one filter per path with its methods sorted, paths sorted; overrides only for tools with their own name or description', () => {
    // GIVEN tools over two paths, one with a description and no name
    const f = facts();
    const requests = [{ route: 'PUT /pets/{id}' }, { route: 'GET /pets/*' }, { route: 'GET /pets', description: 'Lists pets' }, { route: 'POST /pets' }]
      .map(tool => parseToolRequest(SCOPE, tool));
    // WHEN they are selected and rendered
    const rendered = renderToolConfiguration(selectTools(f, ROUTES, requests));
    // THEN each path is one filter, and the description's override takes the operationId as its name
    expect(rendered).toEqual({
      ToolFilters: [{ FilterPath: '/pets', Methods: ['GET', 'POST'] }, { FilterPath: '/pets/{id}', Methods: ['GET', 'PUT'] }],
      ToolOverrides: [{ Path: '/pets', Method: 'GET', Name: 'listPets', Description: 'Lists pets' }],
    });
    expect(f.notes).toEqual([]);
  });

  test('no override list when no tool has its own name or description', () => {
    expect(renderToolConfiguration(selectTools(facts(), ROUTES, [parseToolRequest(SCOPE, { route: 'GET /pets' })]))).toEqual({
      ToolFilters: [{ FilterPath: '/pets', Methods: ['GET'] }],
    });
  });
});

describe('selectTools', () => {
  test('a prefix "/pets/*" matches the paths under /pets/, not /pets itself; "/*" matches every path', () => {
    const under = selectTools(facts(), ROUTES, [parseToolRequest(SCOPE, { route: 'GET /pets/*' })]);
    expect(under.map(tool => tool.route.parsed.key)).toEqual(['GET /pets/{id}']);
    const all = selectTools(facts(), ROUTES, [parseToolRequest(SCOPE, { route: 'GET /*' })]);
    expect(all.map(tool => tool.route.parsed.key)).toEqual(['GET /pets', 'GET /pets/{id}']);
  });

  test('a route listed alone keeps its name and description when a prefix selects it too', () => {
    const tools = selectTools(facts(), ROUTES, [{ route: 'GET /*' }, { route: 'GET /pets/{id}', name: 'petById' }].map(tool => parseToolRequest(SCOPE, tool)));
    expect(tools.find(tool => tool.route.parsed.key === 'GET /pets/{id}')!.name).toBe('petById');
  });

  test('with an API key credential, a prefix notes the IAM routes it leaves out', () => {
    const f = facts({ outbound: 'API_KEY' });
    selectTools(f, ROUTES, [parseToolRequest(SCOPE, { route: 'GET /*' })]);
    expect(f.notes).toEqual([expect.stringMatching(/^info: tool route GET \/\* leaves out GET \/pets\/\{id\} \(is IAM-authorized/)]);
  });
});

describe('unreachableReason', () => {
  test.each<[string, Partial<Parameters<typeof route>[1]>, 'GATEWAY_IAM_ROLE' | 'API_KEY', string | undefined]>([
    ['public', {}, 'GATEWAY_IAM_ROLE', undefined],
    ['public with an API key, key credential', { apiKeyRequired: true }, 'API_KEY', undefined],
    ['IAM, role credential', { authorization: iam }, 'GATEWAY_IAM_ROLE', undefined],
    ['IAM with an API key', { authorization: iam, apiKeyRequired: true }, 'API_KEY', 'McpToolIamWithApiKey'],
    ['IAM, key credential', { authorization: iam }, 'API_KEY', 'McpToolUnreachable'],
    ['Cognito', { authorization: { authorizationType: AuthorizationType.COGNITO } }, 'GATEWAY_IAM_ROLE', 'McpToolUnreachable'],
    ['Lambda, role credential', { authorization: { authorizationType: AuthorizationType.LAMBDA } }, 'GATEWAY_IAM_ROLE', 'McpToolUnreachable'],
  ])('%s', (_name, fields, outbound, code) => {
    expect(unreachableReason(route('GET /x', fields), outbound)?.code).toBe(code);
  });

  test('a Lambda authorizer with an API key credential is uncertain (a warning, not an error)', () => {
    expect(unreachableReason(route('GET /x', { authorization: { authorizationType: AuthorizationType.LAMBDA } }), 'API_KEY')?.uncertain).toBe(true);
  });
});
