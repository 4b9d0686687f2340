package org.samizdat;

import org.springframework.core.Ordered;
import org.springframework.test.annotation.DirtiesContext.HierarchyMode;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * Closes a test class's private context (one made by {@link OwnDataDirectory}) when the class is
 * done. Spring keeps every context it made until the JVM ends; a private one is never used again,
 * yet its schedulers (mail outbox, newsletter, mirrors) would go on polling its database for the
 * rest of the run, on the same two cores as the tests. Registered in {@code
 * META-INF/spring.factories}.
 */
public class PrivateContexts implements TestExecutionListener, Ordered {

  static final String PROPERTY = "samizdat.test.private-context";

  @Override
  public void afterTestClass(TestContext testContext) {
    if (testContext.hasApplicationContext()
        && testContext
            .getApplicationContext()
            .getEnvironment()
            .getProperty(PROPERTY, Boolean.class, false)) {
      testContext.markApplicationContextDirty(HierarchyMode.EXHAUSTIVE);
    }
  }

  @Override
  public int getOrder() {
    return 3000; // beside Spring's DirtiesContextTestExecutionListener
  }
}
