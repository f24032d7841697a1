package cn.wuzhou.income.dashboards.audit;

import static cn.wuzhou.income.dashboards.db.Tables.AUDIT_LOG;

import cn.wuzhou.income.dashboards.db.tables.records.AuditLogRecord;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * The append-only audit log in the serving database ({@code audit_log}): every login, failed
 * login, logout and export, with who, when, what, the filters and the row count. This class
 * only inserts and reads; nothing updates or deletes. Times are the server's local wall clock.
 */
public final class AuditLog {
  public static final String LOGIN = "login";
  public static final String LOGIN_FAILED = "login_failed";
  public static final String LOGOUT = "logout";
  public static final String EXPORT = "export";

  private final DSLContext dsl;
  private final Clock clock;

  public AuditLog(DSLContext dsl, Clock clock) {
    this.dsl = dsl;
    this.clock = clock;
  }

  /** One event. {@code filters} is a JSON object (or null), {@code rowCount} null when not an export. */
  public void record(String username, String role, String action, String target, String filters,
      Integer rowCount, String clientIp) {
    dsl.insertInto(AUDIT_LOG)
        .set(AUDIT_LOG.OCCURRED_AT, LocalDateTime.now(clock))
        .set(AUDIT_LOG.USERNAME, username)
        .set(AUDIT_LOG.ROLE, role)
        .set(AUDIT_LOG.ACTION, action)
        .set(AUDIT_LOG.TARGET, target)
        .set(AUDIT_LOG.FILTERS, filters)
        .set(AUDIT_LOG.ROW_COUNT, rowCount)
        .set(AUDIT_LOG.CLIENT_IP, clientIp)
        .execute();
  }

  /** Events newest first, optionally of one user and/or action, at most {@code limit}. */
  public List<AuditLogRecord> list(String username, String action, int limit) {
    List<Condition> where = new ArrayList<>();
    if (username != null) {
      where.add(AUDIT_LOG.USERNAME.eq(username));
    }
    if (action != null) {
      where.add(AUDIT_LOG.ACTION.eq(action));
    }
    return dsl.selectFrom(AUDIT_LOG).where(DSL.and(where)).orderBy(AUDIT_LOG.AUDIT_ID.desc()).limit(limit).fetch();
  }
}
