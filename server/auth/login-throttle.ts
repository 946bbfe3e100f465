import { FailureLimiter, LOGIN_LIMITS } from './rate-limit.ts';

/** Each recent failed login for a name delays the next attempt at it by this much, up to the max. */
const LOGIN_SLOWDOWN_STEP_MS = 200;
const LOGIN_SLOWDOWN_MAX_MS = 3_000;

/**
 * Login failures counted per client address and per name-and-address pair; past either limit that
 * address is refused for a while. Failures against a name from anywhere only slow its logins down
 * (up to LOGIN_SLOWDOWN_MAX_MS), never refuse them: a stranger must not be able to lock the real
 * user out.
 */
export class LoginThrottle {
  private readonly byAddress = new FailureLimiter({ ...LOGIN_LIMITS, maxFailures: LOGIN_LIMITS.maxFailures * 4 });
  private readonly byNameAndAddress = new FailureLimiter(LOGIN_LIMITS);
  private readonly byName = new FailureLimiter({ ...LOGIN_LIMITS, maxFailures: 1_000 });

  private static keys(name: string, address: string) {
    const addressKey = `address:${address}`;
    const nameKey = `name:${name.toLowerCase()}`;
    return { addressKey, nameKey, pairKey: `${nameKey}\n${addressKey}` };
  }

  /** Seconds the address must wait before trying the name again, or 0 when it may try now. */
  refusal(name: string, address: string): number {
    const { addressKey, pairKey } = LoginThrottle.keys(name, address);
    for (const verdict of [this.byAddress.check(addressKey), this.byNameAndAddress.check(pairKey)]) {
      if (!verdict.allowed) return verdict.retryAfterSeconds;
    }
    return 0;
  }

  /**
   * Counts the attempt as a failure before the (slow) password check, so parallel guesses cannot
   * all slip past the limit while the first ones are still being hashed; `succeeded` takes it back.
   * Returns how long to wait before checking (the name's slowdown).
   */
  attempt(name: string, address: string): number {
    const { addressKey, nameKey, pairKey } = LoginThrottle.keys(name, address);
    const slowdown = Math.min(LOGIN_SLOWDOWN_MAX_MS, this.byName.count(nameKey) * LOGIN_SLOWDOWN_STEP_MS);
    this.byAddress.fail(addressKey);
    this.byNameAndAddress.fail(pairKey);
    this.byName.fail(nameKey);
    return slowdown;
  }

  succeeded(name: string, address: string): void {
    const { addressKey, nameKey, pairKey } = LoginThrottle.keys(name, address);
    this.byName.reset(nameKey);
    this.byNameAndAddress.reset(pairKey);
    this.byAddress.forgive(addressKey);
  }
}
