package io.llmproxy.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a test that starts the proxy (in-process or as its own JVM), a database server or a
 * browser. Such tests run in {@code verify} (Failsafe) so that {@code ./mvnw test} stays a fast
 * inner loop; EndToEndTaggingTest keeps every test that starts a node tagged.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(EndToEnd.TAG)
public @interface EndToEnd {
  String TAG = "end-to-end";
}
