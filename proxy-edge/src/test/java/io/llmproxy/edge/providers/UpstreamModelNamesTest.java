package io.llmproxy.edge.providers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class UpstreamModelNamesTest {

  private static final List<String> HOSTILE =
      List.of(
          "../../../v1/files?purpose=probe#",
          "gpt-{x}",
          "a b",
          "50%",
          "50%2F",
          "..",
          ".",
          "x/../y",
          "x/./y",
          "/leading",
          "trailing/",
          "double//slash",
          "query?x=1",
          "frag#x",
          "tab\tname",
          "new\nline",
          "nul\u0000",
          "back\\slash",
          "quote\"",
          "ünïcode",
          "",
          "x".repeat(257));

  @Test
  void hostileNamesAreRefusedByEveryKind() {
    for (ProviderKind kind : ProviderKind.values()) {
      for (String name : HOSTILE) {
        assertThat(UpstreamModelNames.problem(kind, name)).as(kind + " " + name).isPresent();
      }
    }
  }

  @Test
  void realModelNamesOfEachKindAreAccepted() {
    accepts(
        ProviderKind.OPENAI_COMPATIBLE,
        "gpt-4o-mini",
        "gpt-4o-mini-2024-07-18",
        "ft:gpt-4o:my-org:custom:id",
        "o1-preview",
        "text-embedding-3-small",
        "meta-llama/Llama-3.1-8B-Instruct",
        "llama3:8b-instruct-q4_K_M",
        "accounts/fireworks/models/llama-v3-70b-instruct",
        "@cf/meta/llama-3.1-8b-instruct",
        "openai/gpt-4o:free",
        "mistral-large-latest",
        "deepseek-chat");
    accepts(
        ProviderKind.AZURE_OPENAI, "my-gpt4o", "gpt-35-turbo", "gpt-4o_prod.v2", "x".repeat(64));
    accepts(
        ProviderKind.ANTHROPIC,
        "claude-3-5-sonnet-20241022",
        "claude-sonnet-4-5",
        "claude-3-5-sonnet-v2@20241022",
        "anthropic.claude-3-5-sonnet-20241022-v2:0");
    accepts(
        ProviderKind.GEMINI,
        "gemini-1.5-pro",
        "gemini-2.5-flash",
        "models/gemini-1.5-pro",
        "tunedModels/my-model-123",
        "text-embedding-004");
  }

  @Test
  void eachKindRefusesWhatItsUrlOrApiCannotTake() {
    assertThat(UpstreamModelNames.problem(ProviderKind.AZURE_OPENAI, "a/b")).isPresent();
    assertThat(UpstreamModelNames.problem(ProviderKind.AZURE_OPENAI, "ft:gpt-4o")).isPresent();
    assertThat(UpstreamModelNames.problem(ProviderKind.AZURE_OPENAI, "x".repeat(65))).isPresent();
    assertThat(UpstreamModelNames.problem(ProviderKind.GEMINI, "publishers/google/x")).isPresent();
    assertThat(UpstreamModelNames.problem(ProviderKind.GEMINI, "models/a:b")).isPresent();
    assertThat(UpstreamModelNames.problem(ProviderKind.ANTHROPIC, "a/b")).isPresent();
  }

  private static void accepts(ProviderKind kind, String... names) {
    for (String name : names) {
      assertThat(UpstreamModelNames.problem(kind, name)).as(kind + " " + name).isEmpty();
    }
  }
}
