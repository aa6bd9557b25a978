package io.llmproxy.edge.frontdoor.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmproxy.support.GoldenFiles;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Requests to the Anthropic-shaped front door as OpenAI chat requests. */
class AnthropicFrontDoorRequestTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final MessagesRequests requests = new MessagesRequests(JSON);

  static Stream<Arguments> golden() {
    return GoldenFiles.cases("golden/anthropic/frontdoor/request");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("golden")
  void translatesAsTheGoldenFileSays(String file, JsonNode golden) {
    ObjectNode chat = requests.toChat(golden.path("anthropic"));
    assertThat(GoldenFiles.asSent(chat)).isEqualTo(golden.path("openai"));
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of("{'model':null}", "model", "Field required"),
        Arguments.of("{'model':''}", "model", "non-empty"),
        Arguments.of("{'max_tokens':null}", "max_tokens", "Field required"),
        Arguments.of("{'max_tokens':0}", "max_tokens", "positive integer"),
        Arguments.of("{'max_tokens':'many'}", "max_tokens", "positive integer"),
        Arguments.of("{'messages':[]}", "messages", "non-empty"),
        Arguments.of("{'messages':[{'role':'system','content':'x'}]}", "messages.0.role", "'user'"),
        Arguments.of("{'messages':[{'role':'user'}]}", "messages.0.content", "Field required"),
        Arguments.of("{'messages':[{'role':'user','content':7}]}", "messages.0.content", "string"),
        Arguments.of(
            "{'messages':[{'role':'user','content':[{'text':'no type'}]}]}",
            "messages.0.content.0.type",
            "Field required"),
        Arguments.of(
            "{'messages':[{'role':'user','content':[{'type':'text'}]}]}",
            "messages.0.content.0.text",
            "Field required"),
        Arguments.of(
            "{'messages':[{'role':'user','content':[{'type':'image','source':{'type':'file','file_id':'f'}}]}]}",
            "messages.0.content.0.source.type",
            "not supported"),
        Arguments.of(
            "{'messages':[{'role':'user','content':[{'type':'document','source':{'type':'url','url':'https://x/a.pdf'}}]}]}",
            "messages.0.content.0.source",
            "PDF"),
        Arguments.of(
            "{'messages':[{'role':'user','content':[{'type':'tool_result','content':'x'}]}]}",
            "messages.0.content.0.tool_use_id",
            "Field required"),
        Arguments.of(
            "{'messages':[{'role':'user','content':[{'type':'search_result','source':'s','title':'t','content':[]}]}]}",
            "messages.0.content.0.type",
            "search_result"),
        Arguments.of(
            "{'messages':[{'role':'assistant','content':[{'type':'tool_use','id':'t','name':'n','input':'x'}]}]}",
            "messages.0.content.0.input",
            "object"),
        Arguments.of("{'system':42}", "system", "string"),
        Arguments.of("{'system':[{'type':'image'}]}", "system.0", "text blocks"),
        Arguments.of("{'stop_sequences':'END'}", "stop_sequences", "list"),
        Arguments.of("{'stop_sequences':[1]}", "stop_sequences.0", "string"),
        Arguments.of("{'temperature':'warm'}", "temperature", "number"),
        Arguments.of("{'stream':'yes'}", "stream", "boolean"),
        Arguments.of(
            "{'tools':[{'type':'web_search_20250305','name':'web_search'}]}",
            "tools.0.type",
            "web_search_20250305"),
        Arguments.of("{'tools':[{'name':'f'}]}", "tools.0.input_schema", "Field required"),
        Arguments.of("{'tool_choice':{'type':'tool'}}", "tool_choice.name", "Field required"),
        Arguments.of("{'tool_choice':{'type':'maybe'}}", "tool_choice.type", "'auto'"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("invalid")
  void refusesWithTheFieldInAnthropicsNotation(String overrides, String param, String message)
      throws Exception {
    ObjectNode request =
        (ObjectNode)
            JSON.readTree(
                "{\"model\":\"claude\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    request.setAll((ObjectNode) JSON.readTree(overrides.replace('\'', '"')));

    assertThatThrownBy(() -> requests.toChat(request))
        .isInstanceOfSatisfying(
            InvalidMessagesRequest.class,
            e -> {
              assertThat(e.param()).isEqualTo(param);
              assertThat(e.getMessage()).contains(message);
              assertThat(e.anthropicMessage()).startsWith(param + ": ");
            });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("golden")
  void leavesTheClientsRequestUntouched(String file, JsonNode golden) {
    JsonNode original = golden.path("anthropic").deepCopy();
    requests.toChat(golden.path("anthropic"));
    assertThat(golden.path("anthropic")).isEqualTo(original);
  }
}
