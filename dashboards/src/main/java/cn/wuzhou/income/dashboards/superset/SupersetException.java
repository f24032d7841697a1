package cn.wuzhou.income.dashboards.superset;

/** A Superset step that failed, with a message for the user as it is (one line, no stack trace). */
public class SupersetException extends RuntimeException {
  public SupersetException(String message) {
    super(message);
  }
}
