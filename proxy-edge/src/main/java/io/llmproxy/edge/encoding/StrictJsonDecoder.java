package io.llmproxy.edge.encoding;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.springframework.core.ResolvableType;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.codec.json.Jackson2JsonDecoder;
import org.springframework.util.MimeType;

/**
 * The JSON decoder of the admin and reporting bodies: Jackson's, after {@link StrictJsonText} has
 * accepted the bytes (Jackson itself decodes overlong forms and surrogates without complaint).
 */
class StrictJsonDecoder extends Jackson2JsonDecoder {

  StrictJsonDecoder(ObjectMapper json) {
    super(json);
  }

  @Override
  public Object decode(
      DataBuffer buffer, ResolvableType targetType, MimeType mimeType, Map<String, Object> hints)
      throws DecodingException {
    int start = buffer.readPosition();
    var problem =
        StrictJsonText.problem(index -> buffer.getByte(start + index), buffer.readableByteCount());
    if (problem.isPresent()) {
      DataBufferUtils.release(buffer);
      throw new InvalidJsonText(problem.get());
    }
    return super.decode(buffer, targetType, mimeType, hints);
  }
}
