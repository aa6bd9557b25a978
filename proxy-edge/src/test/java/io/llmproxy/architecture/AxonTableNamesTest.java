package io.llmproxy.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/** The constant-pool condition behind {@code onlyTheEventStoreNamesAxonTables} sees SQL text. */
class AxonTableNamesTest {

  @Test
  void aClassWithSqlOnAnAxonTableFails() {
    EvaluationResult result = evaluate(NamesTheTokenTable.class);

    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails())
        .singleElement()
        .asString()
        .contains(NamesTheTokenTable.class.getName(), "names token_entry");
  }

  @Test
  void aConstantCopiedInFromAnotherClassFailsToo() {
    assertThat(evaluate(CopiesTheConstant.class).hasViolation()).isTrue();
  }

  @Test
  void aClassWithoutOnePasses() {
    assertThat(evaluate(NamesNoTable.class).hasViolation()).isFalse();
  }

  private static EvaluationResult evaluate(Class<?> type) {
    return classes()
        .should(new AxonTableNames())
        .evaluate(new ClassFileImporter().importClasses(type));
  }

  static final class NamesTheTokenTable {
    static final String SQL = "SELECT count(*) FROM TOKEN_ENTRY WHERE processor_name = ?";
  }

  static final class CopiesTheConstant {
    String sql() {
      return NamesTheTokenTable.SQL + " LIMIT 1";
    }
  }

  static final class NamesNoTable {
    static final String SQL = "SELECT count(*) FROM cluster_nodes";
  }
}
