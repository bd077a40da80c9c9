/**
 * Envoy/Finagle-style retry budget: concurrent retries may not exceed
 * max(budgetMinRetries, floor(budgetRatio × activeRequests)), so a failing backend cannot be
 * hammered by a retry storm while a quiet service can still retry a few requests.
 * Retries are counted separately from the requests they belong to (a retrying request is
 * still one active request).
 */
export class BudgetAccountingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BudgetAccountingError';
  }
}

export interface RetryBudgetConfig {
  readonly budgetRatio: number;
  readonly budgetMinRetries: number;
}

/** Slack for products like 0.29 × 100 = 28.999…; far below one retry. */
const EPSILON = 1e-9;

export class RetryBudget {
  private requests = 0;
  private retries = 0;
  private denied = 0;
  private granted = 0;

  constructor(private readonly cfg: RetryBudgetConfig) {
    if (!(cfg.budgetRatio >= 0)) throw new RangeError(`RetryBudget: budgetRatio must be >= 0, got ${cfg.budgetRatio}`);
    if (!(cfg.budgetMinRetries >= 0)) throw new RangeError(`RetryBudget: budgetMinRetries must be >= 0, got ${cfg.budgetMinRetries}`);
  }

  get activeRequests(): number {
    return this.requests;
  }

  get activeRetries(): number {
    return this.retries;
  }

  /** Concurrent retries allowed right now. */
  get maxActiveRetries(): number {
    return Math.max(this.cfg.budgetMinRetries, Math.floor(this.cfg.budgetRatio * this.requests + EPSILON));
  }

  get retriesGranted(): number {
    return this.granted;
  }

  get retriesDenied(): number {
    return this.denied;
  }

  requestStarted(): void {
    this.requests++;
  }

  requestFinished(): void {
    if (this.requests === 0) throw new BudgetAccountingError('RetryBudget: requestFinished without a matching requestStarted');
    this.requests--;
  }

  /** True (and counted) when one more concurrent retry fits in the budget. */
  tryAcquireRetry(): boolean {
    if (this.retries < this.maxActiveRetries) {
      this.retries++;
      this.granted++;
      return true;
    }
    this.denied++;
    return false;
  }

  retryFinished(): void {
    if (this.retries === 0) throw new BudgetAccountingError('RetryBudget: retryFinished without a granted retry');
    this.retries--;
  }
}
