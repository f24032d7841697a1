package cn.wuzhou.income.dashboards.auth;

import cn.wuzhou.income.dashboards.marts.MartQuery;
import cn.wuzhou.income.dashboards.marts.MartRepository;
import java.util.Objects;

/**
 * The roles of interfaces.md as rules the server applies on every request.
 *
 * <ul>
 *   <li>city: everything, the audit log included;</li>
 *   <li>county: marts with a county dimension (county column or county region rows), always
 *       restricted to its county; asking for another county is refused (403), never answered
 *       with an empty list; city-wide marts (quintiles, cohorts) and the data-quality report are
 *       refused;</li>
 *   <li>township: marts with a township column, restricted to its township;</li>
 *   <li>assessor: all marts and exports, names masked as the marts hold them;</li>
 *   <li>analyst: all marts and exports without any name: {@code head_name_masked} is removed.</li>
 * </ul>
 */
public final class Access {
  public static final String NAME_COLUMN = "head_name_masked";

  private Access() {}

  /** Refusal of a request the user's role does not allow (HTTP 403). */
  public static final class Forbidden extends RuntimeException {
    public Forbidden(String message) {
      super(message);
    }
  }

  public static boolean canRead(User user, MartRepository mart) {
    return switch (user.role()) {
      case CITY, ASSESSOR, ANALYST -> true;
      case COUNTY -> mart.hasColumn("county") || mart.isRegionMart();
      case TOWNSHIP -> mart.hasColumn("township");
    };
  }

  /** The query limited to the user's area; a filter outside it is refused. */
  public static MartQuery restrict(User user, MartRepository mart, MartQuery query) {
    if (!canRead(user, mart)) {
      throw new Forbidden("role " + user.role().id() + " may not read " + mart.mart().name());
    }
    return restrictArea(user, query);
  }

  /** The area filters (county, township) limited to the user's area. */
  public static MartQuery restrictArea(User user, MartQuery query) {
    return switch (user.role()) {
      case CITY, ASSESSOR, ANALYST -> query;
      case COUNTY -> {
        requireSame("county", query.county(), user.county());
        yield query.withArea(user.county(), query.township());
      }
      case TOWNSHIP -> {
        requireSame("county", query.county(), user.county());
        requireSame("township", query.township(), user.township());
        yield query.withArea(user.county(), user.township());
      }
    };
  }

  /** Whether a row of the given county and township lies in the user's area. */
  public static boolean inArea(User user, String county, String township) {
    return switch (user.role()) {
      case CITY, ASSESSOR, ANALYST -> true;
      case COUNTY -> Objects.equals(user.county(), county);
      case TOWNSHIP -> Objects.equals(user.county(), county) && Objects.equals(user.township(), township);
    };
  }

  public static boolean seesNames(User user) {
    return user.role() != Role.ANALYST;
  }

  public static boolean canReadIndicators(User user) {
    return user.role() != Role.TOWNSHIP;
  }

  public static boolean canReadQuality(User user) {
    return user.role() == Role.CITY || user.role() == Role.ASSESSOR || user.role() == Role.ANALYST;
  }

  public static boolean canReadAudit(User user) {
    return user.role() == Role.CITY;
  }

  private static void requireSame(String what, String asked, String own) {
    if (asked != null && !asked.equals(own)) {
      throw new Forbidden("your account may only see " + what + " " + own + ", not " + asked);
    }
  }
}
