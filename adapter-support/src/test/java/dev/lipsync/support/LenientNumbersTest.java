package dev.lipsync.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LenientNumbersTest {
  /** A DTO with the three kinds of number the factory reads. */
  static final class Numbers {
    Long when;
    Integer count;
    Double volume;
  }

  private final JsonAdapter<Numbers> adapter =
      new Moshi.Builder().add(LenientNumbers.FACTORY).build().adapter(Numbers.class);

  @Test
  void should_read_numbers_given_as_numbers_or_strings() throws IOException {
    Numbers numbers = adapter.fromJson("{\"when\": \"1722769557708\", \"count\": 2.0, \"volume\": \"0.5\"}");

    assertThat(numbers.when).isEqualTo(1_722_769_557_708L);
    assertThat(numbers.count).isEqualTo(2);
    assertThat(numbers.volume).isEqualTo(0.5);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"1.5\"", "9223372036854775808", "\"1e99999999\"", "\"five\""})
  void should_refuse_what_is_no_long(String value) {
    assertThatThrownBy(() -> adapter.fromJson("{\"when\": " + value + "}"))
        .isInstanceOf(JsonDataException.class)
        .hasMessageContaining("$.when");
  }

  @Test
  @Timeout(2)
  void should_refuse_a_whole_number_of_a_million_digits_without_parsing_it() {
    String digits = "9".repeat(1_000_000);

    assertThatThrownBy(() -> adapter.fromJson("{\"when\": " + digits + "}"))
        .isInstanceOf(JsonDataException.class)
        .hasMessage("Expected a whole number but got 1000000 characters at path $.when");
    assertThatThrownBy(() -> adapter.fromJson("{\"count\": \"" + digits + "\"}"))
        .isInstanceOf(JsonDataException.class);
  }
}
