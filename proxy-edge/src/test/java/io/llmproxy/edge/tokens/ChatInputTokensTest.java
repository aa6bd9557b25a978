package io.llmproxy.edge.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmproxy.edge.frontdoor.anthropic.MessagesRequests;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The prompt estimate counts what providers bill as input beyond the messages' text: each case adds
 * one such thing to a plain request and the count grows by at least what it holds.
 */
class ChatInputTokensTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MODEL = "gpt-4o";

  private final TokenCounter counter = new TokenCounter();
  private final ChatInputTokens input = new ChatInputTokens(counter);

  @Test
  void plainTextIsCountedAsBefore() {
    JsonNode request =
        json(
            "{'messages':[{'role':'system','content':'be brief'},{'role':'user','content':'hi'}]}");
    assertThat(input.count(MODEL, request))
        .isEqualTo(counter.countPrompt(MODEL, request.path("messages")));
  }

  @Test
  void toolFunctionAndSchemaDefinitionsAreCounted() {
    String schema =
        "{'type':'object','properties':{'query':{'type':'string','description':'"
            + words(500)
            + "'}}}";
    long plain = input.count(MODEL, json("{'messages':[{'role':'user','content':'hi'}]}"));
    for (String extra :
        new String[] {
          "'tools':[{'type':'function','function':{'name':'f','parameters':" + schema + "}}]",
          "'functions':[{'name':'f','parameters':" + schema + "}]",
          "'response_format':{'type':'json_schema','json_schema':{'name':'a','schema':"
              + schema
              + "}}",
          "'tool_choice':{'type':'function','function':{'name':'" + words(500) + "'}}"
        }) {
      long with =
          input.count(MODEL, json("{'messages':[{'role':'user','content':'hi'}]," + extra + "}"));
      assertThat(with - plain).as(extra.substring(0, 20)).isGreaterThanOrEqualTo(500);
    }
  }

  @Test
  void toolCallsAndToolResultsInMessagesAreCounted() {
    String arguments = JSON.valueToTree("{\"q\":\"" + words(400) + "\"}").toString();
    JsonNode request =
        json(
            "{'messages':[{'role':'user','content':'hi'},{'role':'assistant','content':null,"
                + "'tool_calls':[{'id':'c1','type':'function','function':{'name':'f','arguments':"
                + arguments.replace('"', '\'').replace("\\'", "\\\"")
                + "}}]},{'role':'tool','tool_call_id':'c1','content':'"
                + words(300)
                + "'}]}");
    assertThat(input.count(MODEL, request)).isGreaterThanOrEqualTo(700);
  }

  @Test
  void imagesAreCountedAtTheirProvidersBoundsWhateverTheirBytes() {
    String image = "{'type':'image_url','image_url':{'url':'data:image/png;base64,iVBORw0KGgo='}}";
    String low = "{'type':'image_url','image_url':{'url':'https://x/y.png','detail':'low'}}";
    JsonNode two = json("{'messages':[{'role':'user','content':[" + image + "," + image + "]}]}");
    long text = counter.countPrompt(MODEL, two.path("messages"));
    assertThat(input.count("gpt-4o", two) - text).isEqualTo(2 * MediaTokens.OTHER_IMAGE);
    assertThat(
            input.count("claude-sonnet-4", two)
                - counter.countPrompt("claude-sonnet-4", two.path("messages")))
        .isEqualTo(2 * MediaTokens.CLAUDE_IMAGE);
    assertThat(input.count("gpt-4o-mini", two) - text).isEqualTo(2 * MediaTokens.GPT_4O_MINI_IMAGE);
    JsonNode small = json("{'messages':[{'role':'user','content':[" + low + "]}]}");
    assertThat(
            input.count("gpt-4o-mini", small)
                - counter.countPrompt("gpt-4o-mini", small.path("messages")))
        .isEqualTo(MediaTokens.GPT_4O_MINI_LOW_DETAIL_IMAGE);
  }

  @Test
  void aPdfCountsEachOfItsPagesAndNeverLessThanItsBytes() {
    String threePages =
        "%PDF-1.4\n1 0 obj <</Type /Pages /Count 3>>\n2 0 obj <</Type /Page>>\n"
            + "3 0 obj <</Type /Page>>\n4 0 obj <</Type/Page>>\n%%EOF";
    long pages = document(threePages);
    assertThat(pages).isEqualTo(3 * (MediaTokens.PDF_PAGE_TEXT + MediaTokens.OTHER_IMAGE));
    String compressed = "%PDF-1.7\n" + "x".repeat(200_000);
    assertThat(document(compressed)).isGreaterThanOrEqualTo(200_000);
  }

  @Test
  void anthropicSystemBlocksToolsAndImagesAreCountedAfterTranslation() {
    String anthropic =
        "{'model':'m','max_tokens':5,'system':[{'type':'text','text':'"
            + words(300)
            + "'}],'tools':[{'name':'t','description':'"
            + words(300)
            + "','input_schema':{'type':'object'}}],'messages':[{'role':'user','content':[{'type':'text','text':'hi'},"
            + "{'type':'image','source':{'type':'base64','media_type':'image/png','data':'iVBORw0KGgo='}}]}]}";
    ObjectNode chat = new MessagesRequests(JSON).toChat(json(anthropic));
    assertThat(input.count("claude-sonnet-4", chat))
        .isGreaterThanOrEqualTo(300 + 300 + MediaTokens.CLAUDE_IMAGE);
  }

  private long document(String pdf) {
    String data = Base64.getEncoder().encodeToString(pdf.getBytes(StandardCharsets.ISO_8859_1));
    JsonNode request =
        json(
            "{'messages':[{'role':'user','content':[{'type':'file','file':{'filename':'a.pdf','file_data':'data:application/pdf;base64,"
                + data
                + "'}}]}]}");
    return input.count(MODEL, request) - counter.countPrompt(MODEL, request.path("messages"));
  }

  /** {@code count} words of one token each in o200k. */
  private static String words(int count) {
    return " the".repeat(count).trim();
  }

  private static JsonNode json(String singleQuoted) {
    try {
      return JSON.readTree(singleQuoted.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(singleQuoted, e);
    }
  }
}
