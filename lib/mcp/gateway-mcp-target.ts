import { Annotations, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as agentcore from 'aws-cdk-lib/aws-bedrockagentcore';
import { Construct } from 'constructs';
import { checkExecuteApiEndpoint, checkPublicEndpoint, checkSameEnvironment, McpTargetFacts, selectTools } from './mcp-rules';
import { GatewayMcpTargetProps } from './mcp-tool-options';
import { McpOutbound, McpSelectedTool, McpToolRequest, parseToolRequest } from './mcp-tool-selection';
import { renderToolConfiguration } from './render-tool-configuration';
import { GatewayErrors, GatewayValidationError } from '../core/errors';
import { checkArguments } from '../core/private/check-arguments';
import { checkPattern, checkRange } from '../core/rules';
import type { GatewayRestApi } from '../rest/gateway-rest-api';

/**
 * Exposes operations of a `GatewayRestApi` stage as MCP tools of an Amazon
 * Bedrock AgentCore gateway: an `AWS::BedrockAgentCore::GatewayTarget` made by
 * aws-cdk-lib's `GatewayTarget.forApiGateway`, whose tool filters name exactly
 * the routes the synth found callable (a prefix is expanded over the API's
 * routes once they are all known).
 *
 * A construct of its own rather than a method of the API: it reads the REST
 * API's model, so it sits in a layer above it, as domains do.
 */
export class GatewayMcpTarget extends Construct {
  /** The AgentCore gateway target. */
  public readonly target: agentcore.GatewayTarget;
  private readonly api: GatewayRestApi;
  private readonly requests: McpToolRequest[];
  private readonly facts: McpTargetFacts;
  private selected?: McpSelectedTool[];
  private validated = false;

  constructor(scope: Construct, id: string, props: GatewayMcpTargetProps) {
    checkArguments(scope, 'GatewayMcpTarget', arguments);
    super(scope, id);
    this.api = props.api;
    const apiPath = props.api.node.path;
    checkPublicEndpoint(this, apiPath, props.api.endpoint.type);
    checkSameEnvironment(this, apiPath, Stack.of(props.api), Stack.of(props.gateway));
    const credential = props.credentialProvider ?? agentcore.GatewayCredentialProvider.fromIamRole();
    const outbound = outboundOf(this, credential);
    if (props.tools.length === 0) {
      throw new GatewayValidationError(this, 'McpToolsEmpty', 'tools is empty: an API Gateway target needs at least one tool filter; list routes ("GET /pets/{id}") or prefixes ("GET /pets/*").');
    }
    this.requests = props.tools.map(tool => parseToolRequest(this, tool));
    checkTargetNaming(this, props);
    const stage = props.api.stage(props.stage);
    this.facts = {
      scope: this,
      apiPath,
      stage: stage.stageName,
      outbound,
      targetName: props.targetName !== undefined && !Token.isUnresolved(props.targetName) ? props.targetName : undefined,
      info: message => Annotations.of(this).addInfo(message),
      warn: (warning, message) => Annotations.of(this).addWarningV2(warning, message),
    };

    this.target = agentcore.GatewayTarget.forApiGateway(this, 'Resource', {
      gateway: props.gateway,
      restApi: props.api,
      stage: stage.stageName,
      gatewayTargetName: props.targetName,
      description: props.description,
      credentialProviderConfigurations: [credential],
      // aws-cdk-lib wants a filter now, and refuses paths with "." that API Gateway allows: the template's filters are
      // the checked expansion set below, so this placeholder never reaches it.
      apiGatewayToolConfiguration: {
        toolFilters: [{ filterPath: '/*', methods: [agentcore.ApiGatewayHttpMethod.GET] }],
      },
    });
    // AgentCore reads the stage's OpenAPI export when it creates the target: the stage must be deployed first.
    this.target.node.addDependency(stage);
    const resource = this.target.node.defaultChild as agentcore.CfnGatewayTarget;
    resource.addPropertyOverride('TargetConfiguration.Mcp.ApiGateway.ApiGatewayToolConfiguration',
      Lazy.any({ produce: () => this.renderTools() }));
    this.node.addValidation({
      validate: () => {
        this.validated = true;
        this.tools();
        return [];
      },
    });
  }

  /**
   * The rendered tool configuration. The app's prepare resolves the template
   * before validation runs: a rule's error is left to validation then, which
   * reports it as itself rather than as a resolution error.
   */
  private renderTools(): Record<string, unknown> | undefined {
    try {
      return renderToolConfiguration(this.tools());
    } catch (error) {
      if (!this.validated && GatewayErrors.isValidationError(error)) {
        return undefined;
      }
      throw error;
    }
  }

  /** The selected tools, once: at validation, when every route is known. */
  private tools(): McpSelectedTool[] {
    if (this.selected === undefined) {
      const disabled = Stack.of(this.api).resolve(this.api.resource.disableExecuteApiEndpoint) === true;
      checkExecuteApiEndpoint(this, this.facts.apiPath, disabled);
      this.selected = selectTools(this.facts, this.api._model.routes.all, this.requests);
    }
    return this.selected;
  }
}

/** The credential provider's type, among those AgentCore offers API Gateway targets. */
function outboundOf(scope: Construct, credential: agentcore.ICredentialProviderConfig): McpOutbound {
  const type = credential.credentialProviderType;
  if (type === agentcore.CredentialProviderType.GATEWAY_IAM_ROLE || type === agentcore.CredentialProviderType.API_KEY) {
    return type === agentcore.CredentialProviderType.API_KEY ? 'API_KEY' : 'GATEWAY_IAM_ROLE';
  }
  throw new GatewayValidationError(scope, 'McpCredentialProviderUnsupported', `credentialProvider of type ${type} is not one AgentCore Gateway supports for API Gateway targets (the gateway's IAM role, or an API key); use GatewayCredentialProvider.fromIamRole() or fromApiKeyIdentityArn(...).`);
}

/** The target's name and description, as AgentCore's CreateGatewayTarget takes them (checked before aws-cdk-lib does, with the library's codes). */
function checkTargetNaming(scope: Construct, props: GatewayMcpTargetProps): void {
  if (props.targetName !== undefined) {
    checkPattern(scope, 'targetName', props.targetName, /^([0-9a-zA-Z][-]?){1,100}$/, 'use 1 to 100 letters, digits and single hyphens, starting with a letter or digit');
  }
  if (props.description !== undefined && !Token.isUnresolved(props.description)) {
    checkRange(scope, 'the length of description', props.description.length, 0, 200, 'AgentCore takes a target description of up to 200 characters');
  }
}
