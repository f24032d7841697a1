package cn.wuzhou.income.etl.cli;

/** A failure whose message is for the user as it is (bad input, nothing to do, refused statement). */
public class UserException extends RuntimeException {
  private final int exitCode;

  public UserException(String message) {
    this(message, WarehouseCli.FAILED);
  }

  public UserException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
