import type { McpSelectedTool } from './mcp-tool-selection';

/**
 * The target's `ApiGatewayToolConfiguration` (CloudFormation's casing): one
 * tool filter per path, naming exactly the methods selected, so that AgentCore
 * exposes the tools the synth checked and nothing a prefix would match later;
 * a tool override for each tool with its own name or description.
 */
export function renderToolConfiguration(tools: readonly McpSelectedTool[]): Record<string, unknown> {
  const methodsByPath = new Map<string, string[]>();
  for (const tool of tools) {
    const methods = methodsByPath.get(tool.route.parsed.path) ?? [];
    methods.push(tool.route.parsed.method);
    methodsByPath.set(tool.route.parsed.path, methods);
  }
  const filters = [...methodsByPath.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, methods]) => ({ FilterPath: path, Methods: methods.sort() }));
  const overrides = tools
    .filter(tool => tool.overridden)
    .map(tool => ({
      Path: tool.route.parsed.path,
      Method: tool.route.parsed.method,
      Name: tool.name,
      ...(tool.description !== undefined ? { Description: tool.description } : {}),
    }));
  return { ToolFilters: filters, ...(overrides.length > 0 ? { ToolOverrides: overrides } : {}) };
}
