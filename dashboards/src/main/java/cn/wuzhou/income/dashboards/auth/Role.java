package cn.wuzhou.income.dashboards.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The dashboard roles of interfaces.md, as written in users.yaml and JSON (lower case). */
public enum Role {
  /** Everything, including the audit log. */
  CITY,
  /** Its own county only. */
  COUNTY,
  /** Its own township only. */
  TOWNSHIP,
  /** All marts and exports; household lists with masked names. */
  ASSESSOR,
  /** Marts, never a name (head_name_masked is removed too). */
  ANALYST;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role parse(String text) {
    for (Role r : values()) {
      if (r.id().equals(text)) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown role '" + text + "'; allowed: "
        + Arrays.stream(values()).map(Role::id).collect(Collectors.joining(", ")));
  }
}
