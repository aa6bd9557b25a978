package io.llmproxy.edge.encoding;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.web.codec.CodecCustomizer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Puts {@link StrictJsonDecoder} in place of Boot's JSON decoder, after Boot has set its own. */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class StrictJsonCodecs implements CodecCustomizer {

  private final ObjectMapper json;

  StrictJsonCodecs(ObjectMapper json) {
    this.json = json;
  }

  @Override
  public void customize(org.springframework.http.codec.CodecConfigurer configurer) {
    configurer.defaultCodecs().jackson2JsonDecoder(new StrictJsonDecoder(json));
  }
}
