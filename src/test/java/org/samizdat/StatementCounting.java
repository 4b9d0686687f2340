package org.samizdat;

import jakarta.servlet.Filter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Counts the SQL statements one HTTP request makes: a request carrying {@value #HEADER} has every
 * statement its thread prepares counted, and the count is kept under the header's value for the
 * test to read with {@link #count(String)}. Shapes, not timings: "a list page costs the same few
 * statements however many articles it shows".
 */
@TestConfiguration(proxyBeanMethods = false)
public class StatementCounting {

  public static final String HEADER = "X-Count-Statements";
  private static final ThreadLocal<AtomicInteger> CURRENT = new ThreadLocal<>();
  private static final Map<String, Integer> COUNTS = new ConcurrentHashMap<>();

  /**
   * The statements the request made. The client may have its whole answer a moment before the
   * filter below has unwound and stored the count, so this waits for it (a few seconds at most).
   */
  public static int count(String requestId) {
    try {
      return org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(5))
          .pollInterval(java.time.Duration.ofMillis(10))
          .until(() -> COUNTS.get(requestId), java.util.Objects::nonNull);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new IllegalStateException("No request counted as " + requestId, e);
    }
  }

  @Bean
  static BeanPostProcessor countingDataSource() {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String name) {
        if (bean instanceof DataSource ds && !(bean instanceof Counting)) {
          return new Counting(ds);
        }
        return bean;
      }
    };
  }

  @Bean
  FilterRegistrationBean<Filter> statementCountingFilter() {
    Filter filter =
        (request, response, chain) -> {
          String id = ((jakarta.servlet.http.HttpServletRequest) request).getHeader(HEADER);
          if (id == null) {
            chain.doFilter(request, response);
            return;
          }
          AtomicInteger counter = new AtomicInteger();
          CURRENT.set(counter);
          try {
            chain.doFilter(request, response);
          } finally {
            CURRENT.remove();
            COUNTS.put(id, counter.get());
          }
        };
    FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(filter);
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }

  static final class Counting extends DelegatingDataSource {
    Counting(DataSource target) {
      super(target);
    }

    @Override
    public Connection getConnection() throws java.sql.SQLException {
      return counted(super.getConnection());
    }

    @Override
    public Connection getConnection(String user, String password) throws java.sql.SQLException {
      return counted(super.getConnection(user, password));
    }

    private static Connection counted(Connection target) {
      return (Connection)
          Proxy.newProxyInstance(
              StatementCounting.class.getClassLoader(),
              new Class<?>[] {Connection.class},
              (proxy, method, args) -> {
                String m = method.getName();
                if (m.equals("prepareStatement")
                    || m.equals("createStatement")
                    || m.equals("prepareCall")) {
                  AtomicInteger counter = CURRENT.get();
                  if (counter != null) {
                    counter.incrementAndGet();
                  }
                }
                try {
                  return method.invoke(target, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              });
    }
  }
}
