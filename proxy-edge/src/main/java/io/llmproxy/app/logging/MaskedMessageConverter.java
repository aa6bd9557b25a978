package io.llmproxy.app.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.llmproxy.kernel.logging.SecretMasking;

/**
 * {@code %m}, {@code %msg} and {@code %message}: the formatted message, with credentials masked
 * after the arguments are filled in, so a key passed as a logging argument is caught too.
 */
public class MaskedMessageConverter extends MessageConverter {

  @Override
  public String convert(ILoggingEvent event) {
    return SecretMasking.mask(super.convert(event));
  }
}
