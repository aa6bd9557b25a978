package io.llmproxy.query.web;

import io.llmproxy.query.paging.Page;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import org.axonframework.messaging.responsetypes.ResponseType;

/**
 * Asks for a {@link Page} of {@code item}s. Axon's {@code instanceOf(Page.class)} matches only
 * handlers declared to return the raw class, never {@code Page<KeyView>}; this one matches a
 * handler whose declared answer is a page of that item type.
 */
final class PageResponseType<T> implements ResponseType<Page<T>> {

  private static final long serialVersionUID = 1L;

  private final Class<T> item;

  PageResponseType(Class<T> item) {
    this.item = item;
  }

  @Override
  public boolean matches(Type declared) {
    return declared instanceof ParameterizedType page
        && page.getRawType() == Page.class
        && page.getActualTypeArguments()[0] instanceof Class<?> declaredItem
        && item.isAssignableFrom(declaredItem);
  }

  @Override
  @SuppressWarnings("unchecked")
  public Class<Page<T>> responseMessagePayloadType() {
    // a class object cannot carry the item type; matches() has checked it
    return (Class<Page<T>>) (Class<?>) Page.class;
  }

  @Override
  public Class<?> getExpectedResponseType() {
    return item;
  }

  @Override
  public String toString() {
    return "PageResponseType{" + item.getName() + "}";
  }
}
