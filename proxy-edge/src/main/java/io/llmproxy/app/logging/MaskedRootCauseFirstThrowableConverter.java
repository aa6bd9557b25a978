package io.llmproxy.app.logging;

import ch.qos.logback.classic.pattern.RootCauseFirstThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;
import io.llmproxy.kernel.logging.SecretMasking;

/** {@code %rEx}, for a {@code logging.exception-conversion-word} that asks for it. */
public class MaskedRootCauseFirstThrowableConverter extends RootCauseFirstThrowableProxyConverter {

  @Override
  protected String throwableProxyToString(IThrowableProxy throwable) {
    return SecretMasking.mask(super.throwableProxyToString(throwable));
  }
}
