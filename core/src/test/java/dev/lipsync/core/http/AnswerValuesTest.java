package dev.lipsync.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class AnswerValuesTest {

  @Test
  void should_read_an_http_or_https_url_stripped() {
    assertThat(AnswerValues.httpUrlOrNull(" https://cdn.example.com/v/1.mp4\n"))
        .isEqualTo(URI.create("https://cdn.example.com/v/1.mp4"));
    assertThat(AnswerValues.httpUrlOrNull("HTTP://127.0.0.1:8080/faces/0.png"))
        .isEqualTo(URI.create("HTTP://127.0.0.1:8080/faces/0.png"));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @NullAndEmptySource
  @ValueSource(strings = {"  ", "not a url", "/relative/path.mp4", "ftp://example.com/v.mp4",
      "data:video/mp4;base64,AAAA", "https:///no-host", "https://exa mple.com/v.mp4"})
  void should_read_anything_else_as_absent(String text) {
    assertThat(AnswerValues.httpUrlOrNull(text)).isNull();
  }
}
