package io.llmproxy.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.ProxyJvm;
import io.llmproxy.support.ProxyNode;
import io.llmproxy.support.TestPostgres;
import java.util.Set;
import org.springframework.boot.SpringApplication;

/**
 * {@code ./mvnw test} stays fast only while every test that starts a node, a database or the whole
 * application is tagged {@link EndToEnd}: an untagged one would silently move into the inner loop.
 */
@AnalyzeClasses(packages = "io.llmproxy", importOptions = ImportOption.OnlyIncludeTests.class)
class EndToEndTaggingTest {

  private static final Set<String> STARTERS =
      Set.of(
          ProxyNode.class.getName(),
          ProxyJvm.class.getName(),
          TestPostgres.class.getName(),
          "io.llmproxy.support.EmbeddedTestPostgres",
          SpringApplication.class.getName());

  @ArchTest
  static final ArchRule testsThatStartTheProxyRunInVerify =
      classes()
          .that(startSomething())
          .and()
          .resideOutsideOfPackages("io.llmproxy.support..", "io.llmproxy.architecture..")
          .should(beInsideAClassTagged())
          .because("end-to-end tests run in verify (Failsafe), not in the fast `./mvnw test`");

  private static DescribedPredicate<JavaClass> startSomething() {
    return DescribedPredicate.describe(
        "start the proxy, PostgreSQL or a Spring application",
        type ->
            type.getDirectDependenciesFromSelf().stream()
                .map(Dependency::getTargetClass)
                .anyMatch(target -> STARTERS.contains(target.getName())));
  }

  private static ArchCondition<JavaClass> beInsideAClassTagged() {
    return new ArchCondition<>("be (inside) a class annotated @EndToEnd when it is a test") {
      @Override
      public void check(JavaClass type, ConditionEvents events) {
        JavaClass outermost = type;
        while (outermost.getEnclosingClass().isPresent()) {
          outermost = outermost.getEnclosingClass().get();
        }
        boolean aTest = outermost.getSimpleName().endsWith("Test");
        boolean tagged = outermost.isAnnotatedWith(EndToEnd.class);
        events.add(
            new SimpleConditionEvent(
                type,
                !aTest || tagged,
                type.getName() + " starts a node but is not tagged @EndToEnd"));
      }
    };
  }
}
