package cn.wuzhou.income.dashboards.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logged-in sessions, in memory (a restart logs everybody out). A session is a random token
 * (the cookie) with its user, a CSRF token for state-changing requests and an expiry: a fixed
 * lifetime from login, without sliding.
 */
public final class Sessions {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Clock clock;
  private final Duration lifetime;
  private final Map<String, Session> byToken = new ConcurrentHashMap<>();

  /** One session: who, its CSRF token and when it ends. */
  public record Session(String token, String userName, String csrfToken, Instant expiresAt) {}

  public Sessions(Clock clock, Duration lifetime) {
    this.clock = clock;
    this.lifetime = lifetime;
  }

  public Duration lifetime() {
    return lifetime;
  }

  public Session open(User user) {
    Session s = new Session(randomToken(), user.name(), randomToken(), clock.instant().plus(lifetime));
    byToken.put(s.token(), s);
    return s;
  }

  /** The live session of a cookie value; expired ones are forgotten. */
  public Optional<Session> find(String token) {
    if (token == null) {
      return Optional.empty();
    }
    Session s = byToken.get(token);
    if (s == null) {
      return Optional.empty();
    }
    if (!clock.instant().isBefore(s.expiresAt())) {
      byToken.remove(token);
      return Optional.empty();
    }
    return Optional.of(s);
  }

  public void close(String token) {
    if (token != null) {
      byToken.remove(token);
    }
  }

  private static String randomToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
