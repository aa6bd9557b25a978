package io.llmproxy.app.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;
import io.llmproxy.kernel.logging.SecretMasking;

/**
 * {@code %ex}: exception messages often quote their input (a header, a URL, a request body), so the
 * whole rendered stack trace is masked, causes included.
 */
public class MaskedThrowableConverter extends ThrowableProxyConverter {

  @Override
  protected String throwableProxyToString(IThrowableProxy throwable) {
    return SecretMasking.mask(super.throwableProxyToString(throwable));
  }
}
