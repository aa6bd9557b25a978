package io.llmproxy.app.ops;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.Map;

/**
 * The container's health check: {@code java -cp <dir> io.llmproxy.app.ops.HealthProbe [url]} exits
 * 0 when the URL (by default this node's liveness probe) answers 200 within 3 s, else 1. A slim JRE
 * image has no curl or wget; this class needs nothing but {@code java.base}, so it is copied into
 * the image on its own, without the application's classpath.
 */
public final class HealthProbe {

  private static final int TIMEOUT_MILLIS = 3_000;

  private HealthProbe() {}

  public static void main(String[] args) {
    String url = args.length > 0 ? args[0] : defaultUrl(System.getenv());
    int status = status(url);
    if (status != 200) {
      System.err.println("health probe: " + url + " answered " + status);
      System.exit(1);
    }
  }

  /** The liveness URL on the management port, else the server port, else 8080. */
  static String defaultUrl(Map<String, String> environment) {
    String port = environment.get("MANAGEMENT_SERVER_PORT");
    if (port == null || port.isBlank()) {
      port = environment.getOrDefault("SERVER_PORT", "8080");
    }
    return "http://127.0.0.1:" + port.strip() + "/actuator/health/liveness";
  }

  /** The answer's status, or -1 when there was none (refused, timed out). */
  static int status(String url) {
    try {
      HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
      connection.setConnectTimeout(TIMEOUT_MILLIS);
      connection.setReadTimeout(TIMEOUT_MILLIS);
      try {
        int status = connection.getResponseCode();
        InputStream body =
            status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        if (body != null) {
          body.close();
        }
        return status;
      } finally {
        connection.disconnect();
      }
    } catch (IOException | IllegalArgumentException e) {
      return -1;
    }
  }
}
