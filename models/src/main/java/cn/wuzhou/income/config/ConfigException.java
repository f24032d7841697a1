package cn.wuzhou.income.config;

/** A configuration value is missing or not allowed; the message names the key and what is accepted. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
