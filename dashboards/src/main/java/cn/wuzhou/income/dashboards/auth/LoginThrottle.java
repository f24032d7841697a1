package cn.wuzhou.income.dashboards.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing per user name and client address: the first {@value #FREE_FAILURES}
 * failures cost nothing, then each further failure locks the pair for twice as long as the
 * previous one (1 s, 2 s, 4 s, … up to {@link #MAX_LOCK}). A successful login resets the pair.
 */
public final class LoginThrottle {
  static final int FREE_FAILURES = 3;
  static final Duration MAX_LOCK = Duration.ofMinutes(15);

  private final Clock clock;
  private final Map<String, State> states = new ConcurrentHashMap<>();

  private record State(int failures, Instant lockedUntil) {}

  public LoginThrottle(Clock clock) {
    this.clock = clock;
  }

  /** How long the pair must still wait before trying, or empty when it may try now. */
  public Optional<Duration> waitFor(String user, String ip) {
    State s = states.get(key(user, ip));
    if (s == null || s.lockedUntil() == null) {
      return Optional.empty();
    }
    Duration left = Duration.between(clock.instant(), s.lockedUntil());
    return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
  }

  public void failed(String user, String ip) {
    states.compute(key(user, ip), (k, s) -> {
      int failures = (s == null ? 0 : s.failures()) + 1;
      if (failures < FREE_FAILURES) {
        return new State(failures, null);
      }
      long seconds = 1L << Math.min(20, failures - FREE_FAILURES);
      Duration lock = Duration.ofSeconds(seconds).compareTo(MAX_LOCK) > 0 ? MAX_LOCK : Duration.ofSeconds(seconds);
      return new State(failures, clock.instant().plus(lock));
    });
  }

  public void succeeded(String user, String ip) {
    states.remove(key(user, ip));
  }

  private static String key(String user, String ip) {
    return user + "\u0000" + ip;
  }
}
