import { IConstruct } from 'constructs';

/**
 * An API that a custom domain can serve with mutual TLS. The domain tells the
 * API that it serves it (one-way: the domain never reads the API's internals);
 * the API then disables its default `execute-api` endpoint, which asks for no
 * client certificate and would bypass the domain's mutual TLS, unless the
 * API's own `disableExecuteApiEndpoint` says otherwise.
 */
export interface IMutualTlsTarget {
  /**
   * Called by a custom domain that requires client certificates (mutual TLS)
   * and serves this API; calling it again for the same domain changes nothing.
   * @param domain the domain construct (warnings name it)
   */
  addMutualTlsDomain(domain: IConstruct): void;
}
