package io.llmproxy.edge.providers.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmproxy.edge.errors.ApiException;
import io.llmproxy.edge.providers.UpstreamException;
import io.llmproxy.support.GoldenFiles;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpStatus;

/** OpenAI chat requests as Anthropic Messages requests: golden files, then every refusal. */
class AnthropicRequestTranslationTest {

  private static final String MODEL = "claude-sonnet-4-5";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ChatToMessages translation = new ChatToMessages(JSON);

  static Stream<Arguments> golden() {
    return GoldenFiles.cases("golden/anthropic/provider/request");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("golden")
  void translatesAsTheGoldenFileSays(String file, JsonNode golden) {
    ObjectNode openAi = (ObjectNode) golden.path("openai");
    ObjectNode translated =
        translation.translate(openAi, MODEL, openAi.path("stream").asBoolean(false));
    assertThat(GoldenFiles.asSent(translated)).isEqualTo(golden.path("anthropic"));
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
        Arguments.of("{'n':2}", "n", "not supported by Anthropic"),
        Arguments.of(
            "{'response_format':{'type':'json_schema','json_schema':{'name':'x','schema':{}}}}",
            "response_format",
            "json_schema"),
        Arguments.of(
            "{'response_format':{'type':'json_object'}}", "response_format", "json_object"),
        Arguments.of("{'logprobs':true}", "logprobs", "not supported"),
        Arguments.of("{'audio':{'voice':'alloy','format':'mp3'}}", "audio", "not supported"),
        Arguments.of("{'modalities':['text','audio']}", "modalities", "audio"),
        Arguments.of("{'functions':[{'name':'f'}]}", "functions", "use 'tools'"),
        Arguments.of("{'max_tokens':0}", "max_tokens", "positive integer"),
        Arguments.of("{'temperature':'hot'}", "temperature", "must be a number"),
        Arguments.of("{'stop':[1]}", "stop", "strings"),
        Arguments.of("{'tool_choice':'sometimes'}", "tool_choice", "auto, none, required"),
        Arguments.of(
            "{'tools':[{'type':'custom','custom':{'name':'grammar'}}]}", "tools[0].type", "custom"),
        Arguments.of(
            "{'messages':[{'role':'function','name':'f','content':'x'}]}",
            "messages[0].role",
            "Role 'function'"),
        Arguments.of(
            "{'messages':[{'role':'system','content':[{'type':'image_url','image_url':{'url':'https://x/y.png'}}]}]}",
            "messages[0].content[0]",
            "only contain text"),
        Arguments.of(
            "{'messages':[{'role':'user','content':[{'type':'input_audio','input_audio':{'data':'AA==','format':'wav'}}]}]}",
            "messages[0].content[0]",
            "Audio input"),
        Arguments.of(
            "{'messages':[{'role':'user','content':[{'type':'image_url','image_url':{'url':'ftp://host/a.png'}}]}]}",
            "messages[0].content[0].image_url.url",
            "data: URI"),
        Arguments.of(
            "{'messages':[{'role':'user','content':[{'type':'file','file':{'file_id':'file-abc'}}]}]}",
            "messages[0].content[0].file.file_id",
            "Files API"),
        Arguments.of(
            "{'messages':[{'role':'user','content':[{'type':'file','file':{'file_data':'data:text/csv;base64,YQ=='}}]}]}",
            "messages[0].content[0].file.file_data",
            "PDF"),
        Arguments.of(
            "{'messages':[{'role':'user','content':'hi'},{'role':'assistant','tool_calls':[{'id':'c1','type':'function','function':{'name':'f','arguments':'{not json'}}]}]}",
            "messages[1].tool_calls[0].function.arguments",
            "JSON object"),
        Arguments.of(
            "{'messages':[{'role':'user','content':'hi'},{'role':'assistant','tool_calls':[{'id':'c1','type':'function','function':{'name':'f','arguments':'[1,2]'}}]}]}",
            "messages[1].tool_calls[0].function.arguments",
            "JSON object"),
        Arguments.of(
            "{'messages':[{'role':'tool','content':'42'}]}",
            "messages[0].tool_call_id",
            "tool_call_id"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("refusals")
  void refusesWhatAnthropicCannotHonourAsA400NamingTheParameter(
      String overrides, String param, String messagePart) throws Exception {
    ObjectNode request =
        (ObjectNode)
            JSON.readTree(
                "{'model':'claude','messages':[{'role':'user','content':'hi'}]}"
                    .replace('\'', '"'));
    request.setAll((ObjectNode) JSON.readTree(overrides.replace('\'', '"')));

    assertThatThrownBy(() -> translation.translate(request, MODEL, false))
        .isInstanceOfSatisfying(
            UpstreamException.class,
            e -> {
              assertThat(e.upstreamStatus()).isEqualTo(400);
              ApiException client = e.toClientError("claude");
              assertThat(client.status()).isEqualTo(HttpStatus.BAD_REQUEST);
              assertThat(client.type()).isEqualTo("invalid_request_error");
              assertThat(client.param()).isEqualTo(param);
              assertThat(client.getMessage()).contains(messagePart);
            });
  }
}
