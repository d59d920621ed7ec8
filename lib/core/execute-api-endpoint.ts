import { Annotations, IResolvable, Lazy } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { Construct, IConstruct } from 'constructs';

/**
 * Whether an API's default `execute-api` endpoint answers: the API's own
 * `disableExecuteApiEndpoint` when given, else off as soon as a custom domain
 * with mutual TLS serves the API (the default endpoint asks for no client
 * certificate, so it would bypass the domain's mutual TLS).
 *
 * One-way: a domain tells the API that it serves it with mutual TLS
 * (`markMutualTls`); the API renders the property at synth (`render`).
 */
export class ExecuteApiEndpointSetting {
  private readonly mutualTlsDomains: string[] = [];

  /**
   * @param api the API the setting belongs to (annotations go on it)
   * @param explicit the API's `disableExecuteApiEndpoint` prop
   * @param privateApi whether the API is private (reached through VPC endpoints)
   * @param apiId the API's id, to find the custom domain mappings that serve it
   */
  constructor(private readonly api: Construct, private readonly explicit: boolean | undefined, privateApi = false, apiId?: () => string) {
    if (explicit === true && privateApi) {
      // API Gateway accepts it, but the API then answers only through a private custom domain name.
      Annotations.of(api).addWarningV2('cdk-apigateway-patterns:privateApiExecuteApiDisabled',
        'disableExecuteApiEndpoint: true on a private API: its clients reach it through the execute-api endpoint of their VPC endpoint, which then answers 403 Forbidden, so only a private custom domain name (GatewayPrivateDomain) can serve it. Leave disableExecuteApiEndpoint out unless you map the API to a GatewayPrivateDomain.');
    } else if (explicit === true && apiId) {
      // Clients then reach the API only through a custom domain name: without a mapping in the app, nothing serves it.
      api.node.addValidation({
        validate: () => {
          if (this.mutualTlsDomains.length === 0 && !isMapped(api, apiId())) {
            Annotations.of(api).addWarningV2('cdk-apigateway-patterns:executeApiEndpointDisabledWithoutDomain',
              'disableExecuteApiEndpoint: true, but no custom domain name in this app maps the API (GatewayDomain, or a base path or API mapping), so every client gets 403 Forbidden: map it to a domain, or leave disableExecuteApiEndpoint out if a domain outside this app serves it.');
          }
          return [];
        },
      });
    }
  }

  /** Whether the default endpoint is disabled. */
  public get disabled(): boolean {
    return this.explicit ?? this.mutualTlsDomains.length > 0;
  }

  /** Called by a domain with mutual TLS that serves the API. */
  public markMutualTls(domain: IConstruct): void {
    if (this.mutualTlsDomains.includes(domain.node.path)) {
      return;
    }
    this.mutualTlsDomains.push(domain.node.path);
    if (this.explicit === false) {
      Annotations.of(this.api).addWarningV2('cdk-apigateway-patterns:executeApiEndpointBypassesMtls',
        `the API is served by domain ${domain.node.path}, which requires client certificates (mutual TLS), but disableExecuteApiEndpoint: false keeps its default execute-api endpoint open, where no client certificate is asked for. Leave disableExecuteApiEndpoint out (the default disables the endpoint) unless clients must bypass mutual TLS.`);
    }
  }

  /** The `DisableExecuteApiEndpoint` property: the explicit value, true when a mutual TLS domain serves the API, else absent. */
  public render(): IResolvable {
    return Lazy.any({ produce: () => this.explicit ?? (this.mutualTlsDomains.length > 0 ? true : undefined) });
  }
}

/** Whether a base path mapping (REST) or API mapping (HTTP, and REST through V2 domains) anywhere in the app names the API. */
function isMapped(api: IConstruct, apiId: string): boolean {
  const idOf = (value: unknown): unknown => (typeof value === 'object' && value !== null && 'restApiRef' in value
    ? (value as { restApiRef: { restApiId: string } }).restApiRef.restApiId : value);
  return api.node.root.node.findAll().some((construct) =>
    ((construct instanceof apigw.CfnBasePathMapping || construct instanceof apigw.CfnBasePathMappingV2) && idOf(construct.restApiId) === apiId)
    || (construct instanceof apigwv2.CfnApiMapping && idOf(construct.apiId) === apiId));
}
