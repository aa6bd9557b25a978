package io.llmproxy.edge.providers.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmproxy.edge.frontdoor.anthropic.MessagesRequests;
import io.llmproxy.support.GoldenFiles;
import org.junit.jupiter.api.Test;

/**
 * A Messages request through the front door's translation (to OpenAI) and back through the
 * adapter's (to Anthropic) arrives unchanged: the two directions agree on every construct both can
 * express, so an Anthropic SDK routed to a Claude deployment loses nothing on the way.
 */
class AnthropicRoundTripTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String REQUEST =
      """
      {
        "model": "claude-sonnet-4-5",
        "max_tokens": 2048,
        "temperature": 0.3,
        "top_p": 0.95,
        "stop_sequences": ["END"],
        "metadata": {"user_id": "u-1"},
        "stream": true,
        "system": [
          {"type": "text", "text": "You are a weather bot.", "cache_control": {"type": "ephemeral"}}
        ],
        "tools": [
          {"name": "get_weather", "description": "Weather of a city",
           "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}},
           "cache_control": {"type": "ephemeral"}}
        ],
        "tool_choice": {"type": "auto", "disable_parallel_tool_use": true},
        "messages": [
          {"role": "user", "content": [
            {"type": "text", "text": "Paris and Rome, please.", "cache_control": {"type": "ephemeral"}},
            {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0K"}},
            {"type": "image", "source": {"type": "url", "url": "https://example.com/map.png"}},
            {"type": "document", "source": {"type": "base64", "media_type": "application/pdf", "data": "JVBERi0="}, "title": "forecast.pdf"}
          ]},
          {"role": "assistant", "content": [
            {"type": "text", "text": "Looking both up."},
            {"type": "tool_use", "id": "toolu_a", "name": "get_weather", "input": {"city": "Paris"}},
            {"type": "tool_use", "id": "toolu_b", "name": "get_weather", "input": {"city": "Rome"}}
          ]},
          {"role": "user", "content": [
            {"type": "tool_result", "tool_use_id": "toolu_a", "content": "18°C"},
            {"type": "tool_result", "tool_use_id": "toolu_b", "content": [{"type": "text", "text": "24°C"}]},
            {"type": "text", "text": "Which is warmer?"}
          ]}
        ]
      }
      """;

  @Test
  void aMessagesRequestSurvivesTheTripThroughOpenAisShape() throws Exception {
    JsonNode original = JSON.readTree(REQUEST);

    ObjectNode chat = new MessagesRequests(JSON).toChat(original);
    ObjectNode back =
        new ChatToMessages(JSON)
            .translate(chat, original.path("model").asText(), chat.path("stream").asBoolean());

    assertThat(GoldenFiles.asSent(back)).isEqualTo(original);
  }
}
