package org.samizdat;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test that takes many seconds (a browser, apps started and stopped, a database taken away,
 * thousands of requests). {@code mvn test} runs these side by side with the others, in the same two
 * test JVMs; {@code -DskipSlowTests} leaves them out while working.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Tag("slow")
public @interface SlowTest {}
