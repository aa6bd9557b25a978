package io.llmproxy.app.logging;

import ch.qos.logback.core.boolex.PropertyConditionBase;

/**
 * A Logback {@code <condition>}: true when the property {@code key} holds more than whitespace.
 * Spring Boot defines its logging properties even when they are not configured, as empty text, so
 * Logback's own "is defined" condition cannot tell whether JSON logging was asked for.
 */
public class PropertyHasText extends PropertyConditionBase {

  private String key;

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }

  @Override
  public boolean evaluate() {
    return key != null && isDefined(key) && !property(key).isBlank();
  }
}
