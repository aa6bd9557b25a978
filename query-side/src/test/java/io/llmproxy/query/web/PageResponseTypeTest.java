package io.llmproxy.query.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmproxy.query.paging.Page;
import java.lang.reflect.Type;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageResponseTypeTest {

  @SuppressWarnings("unused")
  private interface Handlers {
    Page<CharSequence> texts();

    Page<Integer> numbers();

    List<CharSequence> list();
  }

  private static Type answerOf(String handler) throws NoSuchMethodException {
    return Handlers.class.getDeclaredMethod(handler).getGenericReturnType();
  }

  @Test
  void matchesOnlyAHandlerAnsweringAPageOfTheAskedItems() throws Exception {
    var texts = new PageResponseType<>(CharSequence.class);

    assertThat(texts.matches(answerOf("texts"))).isTrue();
    assertThat(texts.matches(answerOf("numbers"))).isFalse();
    assertThat(texts.matches(answerOf("list"))).isFalse();
    assertThat(texts.matches(Page.class)).isFalse();
    assertThat(new PageResponseType<>(Object.class).matches(answerOf("numbers"))).isTrue();
  }
}
