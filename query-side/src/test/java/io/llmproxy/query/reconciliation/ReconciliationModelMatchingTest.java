package io.llmproxy.query.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReconciliationModelMatchingTest {

  @Test
  void snapshotSuffixesComeOffButOtherNumbersStay() {
    assertThat(ModelMatching.base("gpt-4o-2024-08-06")).isEqualTo("gpt-4o");
    assertThat(ModelMatching.base("gpt-4o-mini-2024-07-18")).isEqualTo("gpt-4o-mini");
    assertThat(ModelMatching.base("claude-sonnet-4-5-20250929")).isEqualTo("claude-sonnet-4-5");
    assertThat(ModelMatching.base("claude-3-5-sonnet-latest")).isEqualTo("claude-3-5-sonnet");
    assertThat(ModelMatching.base("gpt-4-0613")).isEqualTo("gpt-4");
    assertThat(ModelMatching.base("gpt-4o")).isEqualTo("gpt-4o");
    assertThat(ModelMatching.base("text-embedding-3-small")).isEqualTo("text-embedding-3-small");
    assertThat(ModelMatching.base("qwen3-coder-2507x")).isEqualTo("qwen3-coder-2507x");
    assertThat(ModelMatching.base("llama-3.1-8b-8192")).isEqualTo("llama-3.1-8b-8192");
  }

  @Test
  void identicalNamesOnBothSidesAreComparedOneByOne() {
    ModelMatching matching =
        ModelMatching.of(
            Set.of("gpt-4o-2024-05-13", "gpt-4o-2024-08-06"),
            Set.of("gpt-4o-2024-05-13", "gpt-4o-2024-08-06"));

    assertThat(matching.forExport("gpt-4o-2024-05-13")).isEqualTo("gpt-4o-2024-05-13");
    assertThat(matching.forLedger("gpt-4o-2024-08-06")).isEqualTo("gpt-4o-2024-08-06");
    assertThat(matching.matches()).isEmpty();
  }

  @Test
  void aSnapshotInTheExportIsComparedWithTheAliasTheLedgerHolds() {
    ModelMatching matching =
        ModelMatching.of(
            Set.of("gpt-4o-2024-08-06", "gpt-4o-mini-2024-07-18"),
            Set.of("gpt-4o", "gpt-4o-2024-08-06", "gpt-4o-mini"));

    assertThat(matching.forExport("gpt-4o-2024-08-06")).isEqualTo("gpt-4o");
    assertThat(matching.forLedger("gpt-4o")).isEqualTo("gpt-4o");
    assertThat(matching.forLedger("gpt-4o-2024-08-06")).isEqualTo("gpt-4o");
    assertThat(matching.forExport("gpt-4o-mini-2024-07-18")).isEqualTo("gpt-4o-mini");
    assertThat(matching.matches())
        .containsExactly(
            new ModelMatching.Match(
                "gpt-4o", List.of("gpt-4o-2024-08-06"), List.of("gpt-4o", "gpt-4o-2024-08-06")),
            new ModelMatching.Match(
                "gpt-4o-mini", List.of("gpt-4o-mini-2024-07-18"), List.of("gpt-4o-mini")));
  }

  @Test
  void aModelOnOneSideOnlyKeepsItsExactName() {
    ModelMatching matching =
        ModelMatching.of(Set.of("gpt-4.1-nano-2025-04-14"), Set.of("gpt-4o-mini"));

    assertThat(matching.forExport("gpt-4.1-nano-2025-04-14")).isEqualTo("gpt-4.1-nano-2025-04-14");
    assertThat(matching.forLedger("gpt-4o-mini")).isEqualTo("gpt-4o-mini");
    assertThat(matching.matches()).isEmpty();
  }
}
