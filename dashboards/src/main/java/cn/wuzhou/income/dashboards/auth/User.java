package cn.wuzhou.income.dashboards.auth;

/**
 * A dashboard user: name, role and, for the county and township roles, the area they may see
 * (a township user names its county too: township names repeat across counties). The password
 * hash never leaves {@link UserStore}.
 */
public record User(String name, Role role, String county, String township) {
  public User {
    if (role == Role.COUNTY && (county == null || township != null)) {
      throw new IllegalArgumentException("a county user needs --county and no --township");
    }
    if (role == Role.TOWNSHIP && (county == null || township == null)) {
      throw new IllegalArgumentException("a township user needs --county and --township");
    }
    if (role != Role.COUNTY && role != Role.TOWNSHIP && (county != null || township != null)) {
      throw new IllegalArgumentException("only county and township users have --county/--township");
    }
  }
}
