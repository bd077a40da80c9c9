/**
 * LiteLLM's own defaults (litellm/constants.py and Router(), 2025), used when a config does
 * not set a value, so the imported scenario behaves like the proxy it came from.
 */
export const LITELLM_DEFAULTS = {
  routingStrategy: 'simple-shuffle',
  numRetries: 2, // DEFAULT_MAX_RETRIES
  allowedFails: 3, // DEFAULT_ALLOWED_FAILS
  cooldownTimeS: 5, // DEFAULT_COOLDOWN_TIME_SECONDS
  failureThreshold: 0.5, // DEFAULT_FAILURE_THRESHOLD_PERCENT: cool down at ≥ 50% failures in a minute
  requestTimeoutS: 6000, // litellm.request_timeout
  retryAfterS: 0,
} as const;

/** LiteLLM routing_strategy → the routesim strategy that implements the same rule. */
export const LITELLM_STRATEGIES: Readonly<Record<string, string>> = {
  'simple-shuffle': 'weighted-random',
  'least-busy': 'least-connections',
  'latency-based-routing': 'latency-based',
  'usage-based-routing': 'usage-based',
  'usage-based-routing-v2': 'usage-based',
  'cost-based-routing': 'cost',
};

/** Why common settings cannot be carried over (anything not listed gets a generic message). */
export const UNMAPPED_REASONS: Readonly<Record<string, string>> = {
  redis_host: 'shared router state in Redis is not simulated: routesim runs one router instance',
  redis_port: 'shared router state in Redis is not simulated: routesim runs one router instance',
  redis_password: 'shared router state in Redis is not simulated: routesim runs one router instance',
  redis_url: 'shared router state in Redis is not simulated: routesim runs one router instance',
  content_policy_fallbacks: 'routesim has no content-policy error class; these fallbacks are not mapped',
  retry_policy: 'per-exception retry counts are not supported: routesim has one maxRetries for every retryable error',
  allowed_fails_policy: 'per-exception allowed fails are not supported: the cooldown counts every failure',
  model_group_alias: 'aliases only rename groups; not mapped',
  enable_pre_call_checks: 'pre-call context-window filtering is not modelled (routesim fails over on context-exceeded instead)',
  optional_pre_call_checks: 'pre-call checks are not modelled',
  stream_timeout: 'streaming timeouts are not modelled (one attempt timeout applies)',
  max_fallbacks: 'routesim walks the whole fallback chain; the cap is not modelled',
  cache_responses: 'response caching is not modelled',
  cache: 'response caching is not modelled',
  cache_params: 'response caching is not modelled',
  provider_budget_config: 'provider budgets are not modelled',
  enable_tag_filtering: 'tag-based routing is not modelled',
  tags: 'tag-based routing is not modelled',
  max_parallel_requests: 'client-side concurrency caps are not modelled (capacity.maxConcurrent is the provider\'s own limit)',
  default_max_parallel_requests: 'client-side concurrency caps are not modelled',
  region_name: 'regions are not modelled',
  routing_strategy_args: 'no routesim parameter corresponds',
  default_litellm_params: 'call parameters are not simulated',
  background_health_checks: 'LiteLLM health checks only report status (they do not remove deployments); not mapped — see router.activeHealthCheck',
  health_check_interval: 'LiteLLM health checks only report status (they do not remove deployments); not mapped — see router.activeHealthCheck',
};

/** Credentials and endpoints: meaningful to a proxy, not to a simulation. */
export const CONNECTION_KEYS = new Set([
  'api_key', 'api_version', 'organization', 'api_type', 'azure_ad_token', 'tenant_id', 'client_id', 'client_secret',
  'aws_access_key_id', 'aws_secret_access_key', 'aws_session_token', 'aws_region_name', 'aws_profile_name', 'aws_role_name',
  'vertex_project', 'vertex_location', 'vertex_credentials', 'use_in_pass_through', 'headers', 'extra_headers',
]);
