package io.llmproxy.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import jakarta.persistence.EntityManager;
import java.util.Set;
import javax.sql.DataSource;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.repository.Repository;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.web.bind.annotation.RestController;

/**
 * The read path of docs/architecture.md: a controller asks Axon's query gateway, and only query
 * handlers touch the read models.
 */
@AnalyzeClasses(packages = "io.llmproxy", importOptions = ImportOption.DoNotIncludeTests.class)
class ReadPathTest {

  private static final Set<Class<?>> DATABASE_ACCESS =
      Set.of(
          DataSource.class,
          JdbcTemplate.class,
          NamedParameterJdbcTemplate.class,
          EntityManager.class);

  private static final DescribedPredicate<JavaClass> SPRING_DATA_REPOSITORIES =
      DescribedPredicate.describe(
          "are Spring Data repositories", type -> type.isAssignableTo(Repository.class));

  private static final DescribedPredicate<JavaClass> QUERY_HANDLERS =
      DescribedPredicate.describe(
          "have @QueryHandler methods",
          type ->
              type.getMethods().stream()
                  .anyMatch(method -> method.isAnnotatedWith(QueryHandler.class)));

  private static final DescribedPredicate<JavaClass> DATABASE_READERS =
      DescribedPredicate.describe(
          "hold a DataSource, a JDBC template or an EntityManager",
          type ->
              type.getFields().stream()
                  .anyMatch(
                      field ->
                          DATABASE_ACCESS.stream()
                              .anyMatch(access -> field.getRawType().isAssignableTo(access))));

  @ArchTest
  static final ArchRule controllersAskTheQueryGateway =
      noClasses()
          .that()
          .areAnnotatedWith(RestController.class)
          .should()
          .dependOnClassesThat(SPRING_DATA_REPOSITORIES.or(QUERY_HANDLERS))
          .because("reads go through QueryGateway to the read model's @QueryHandler class");

  /**
   * Catches a controller that reads through a helper of its own instead of a handler. The edge's
   * ledger verification walks the ledger table, which is no read model, and is left out.
   */
  @ArchTest
  static final ArchRule readApiControllersReadNoDatabase =
      noClasses()
          .that()
          .resideInAPackage("io.llmproxy.query..")
          .and()
          .areAnnotatedWith(RestController.class)
          .should()
          .dependOnClassesThat(DATABASE_READERS)
          .because("reads go through QueryGateway to the read model's @QueryHandler class");
}
