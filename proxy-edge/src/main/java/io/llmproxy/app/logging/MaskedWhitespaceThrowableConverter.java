package io.llmproxy.app.logging;

import ch.qos.logback.classic.spi.IThrowableProxy;
import io.llmproxy.kernel.logging.SecretMasking;
import org.springframework.boot.logging.logback.WhitespaceThrowableProxyConverter;

/** Spring Boot's {@code %wex}, masked. */
public class MaskedWhitespaceThrowableConverter extends WhitespaceThrowableProxyConverter {

  @Override
  protected String throwableProxyToString(IThrowableProxy throwable) {
    return SecretMasking.mask(super.throwableProxyToString(throwable));
  }
}
