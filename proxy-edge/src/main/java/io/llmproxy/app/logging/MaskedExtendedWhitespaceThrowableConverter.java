package io.llmproxy.app.logging;

import ch.qos.logback.classic.spi.IThrowableProxy;
import io.llmproxy.kernel.logging.SecretMasking;
import org.springframework.boot.logging.logback.ExtendedWhitespaceThrowableProxyConverter;

/** Spring Boot's {@code %wEx}, the exception part of its default patterns, masked. */
public class MaskedExtendedWhitespaceThrowableConverter
    extends ExtendedWhitespaceThrowableProxyConverter {

  @Override
  protected String throwableProxyToString(IThrowableProxy throwable) {
    return SecretMasking.mask(super.throwableProxyToString(throwable));
  }
}
