package vn.edxml.node.ops;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/** {@code /health} and {@code /metrics}. */
public final class OpsServlets {

  private OpsServlets() {}

  /** 200 {"status":"UP"} when the store answers and the node is not stopping; else 503. */
  public static HttpServlet health(BooleanSupplier storeHealthy, BooleanSupplier stopping) {
    return new HttpServlet() {
      private static final long serialVersionUID = 1L;

      @Override
      protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        boolean store = storeHealthy.getAsBoolean();
        boolean up = store && !stopping.getAsBoolean();
        resp.setStatus(up ? 200 : 503);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        String body =
            "{\"status\":\""
                + (up ? "UP" : "DOWN")
                + "\",\"store\":\""
                + (store ? "UP" : "DOWN")
                + "\",\"stopping\":"
                + stopping.getAsBoolean()
                + "}";
        resp.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
      }
    };
  }

  public static HttpServlet metrics(NodeMetrics metrics) {
    return new HttpServlet() {
      private static final long serialVersionUID = 1L;

      @Override
      protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setStatus(200);
        resp.setContentType("text/plain; version=0.0.4; charset=utf-8");
        resp.getOutputStream().write(metrics.scrape().getBytes(StandardCharsets.UTF_8));
      }
    };
  }
}
