package io.llmproxy.app.logging;

import ch.qos.logback.classic.pattern.ExtendedThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;
import io.llmproxy.kernel.logging.SecretMasking;

/** {@code %xEx}, for a {@code logging.exception-conversion-word} that asks for it. */
public class MaskedExtendedThrowableConverter extends ExtendedThrowableProxyConverter {

  @Override
  protected String throwableProxyToString(IThrowableProxy throwable) {
    return SecretMasking.mask(super.throwableProxyToString(throwable));
  }
}
