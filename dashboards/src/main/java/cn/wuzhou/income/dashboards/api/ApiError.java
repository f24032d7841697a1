package cn.wuzhou.income.dashboards.api;

/**
 * A request the API answers with an error status and the JSON body
 * {@code {"status": 400, "error": "bad_request", "message": "…"}}.
 */
public final class ApiError extends RuntimeException {
  private final int status;
  private final String error;

  public ApiError(int status, String error, String message) {
    super(message);
    this.status = status;
    this.error = error;
  }

  public static ApiError badRequest(String message) {
    return new ApiError(400, "bad_request", message);
  }

  public static ApiError notFound(String message) {
    return new ApiError(404, "not_found", message);
  }

  public int status() {
    return status;
  }

  public String error() {
    return error;
  }
}
