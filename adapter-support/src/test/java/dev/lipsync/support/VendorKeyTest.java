package dev.lipsync.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The key on the way out and masked on the way in, for answers in every charset a vendor may use. */
class VendorKeyTest {
  private static final String KEY = "sk-test-9d8c7b6a5f4e3d2c";
  private static final String SECRET = "secret-5e4d3c2b1a";

  private final AtomicReference<Request> sent = new AtomicReference<>();

  /** A client whose only interceptor before the "vendor" is the one tested; the vendor answers {@code body}. */
  private OkHttpClient vendorAnswering(Buffer body, String contentType, long maxBytes) {
    return new OkHttpClient.Builder()
        .addInterceptor(new VendorKey(() -> "Bearer " + KEY, ApiKey.of(KEY).alsoMasking(SECRET),
            new AnswerSizeLimit(maxBytes)))
        .addInterceptor(chain -> {
          sent.set(chain.request());
          return new Response.Builder()
              .request(chain.request())
              .protocol(Protocol.HTTP_1_1)
              .code(200)
              .message("OK")
              .body(ResponseBody.create(body, MediaType.get(contentType), -1))
              .build();
        })
        .build();
  }

  private String read(Buffer body, String contentType) throws IOException {
    try (Response response = vendorAnswering(body, contentType, 1024)
        .newCall(new Request.Builder().url("http://127.0.0.1:9/v1/tasks/t1").build())
        .execute()) {
      return response.body().string();
    }
  }

  @Test
  void should_send_the_authorization_it_is_given() throws IOException {
    read(new Buffer().writeUtf8("{}"), "application/json");

    assertThat(sent.get().header("Authorization")).isEqualTo("Bearer " + KEY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"UTF-8", "ISO-8859-1", "UTF-16", "UTF-16LE", "UTF-32"})
  void should_mask_every_secret_in_an_answer_in_any_charset(String charset) throws IOException {
    Charset encoding = Charset.forName(charset);
    String text = "{\"message\": \"Grüße: " + KEY + " and " + SECRET + ", cut at " + KEY.substring(0, 10) + "\"}";

    String read = read(new Buffer().writeString(text, encoding), "application/json; charset=" + charset);

    assertThat(read).isEqualTo("{\"message\": \"Grüße: **** and ****, cut at ****\"}");
  }

  @Test
  void should_mask_an_answer_in_utf_16_that_says_so_by_its_byte_order_mark_alone() throws IOException {
    Buffer body = new Buffer().writeString("\uFEFF{\"message\": \"" + KEY + "\"}", StandardCharsets.UTF_16BE);

    assertThat(read(body, "application/json")).isEqualTo("{\"message\": \"****\"}");
  }

  @Test
  void should_leave_an_answer_without_a_secret_as_it_was() throws IOException {
    String text = "{\"message\": \"你好 " + KEY.substring(0, 8) + "xyz\"}";

    assertThat(read(new Buffer().writeUtf8(text), "application/json")).isEqualTo(text);
  }

  @Test
  void should_refuse_an_answer_over_the_cap() {
    OkHttpClient client = vendorAnswering(new Buffer().writeUtf8("x".repeat(2_000)), "application/json", 1024);

    assertThatThrownBy(() -> client.newCall(new Request.Builder().url("http://127.0.0.1:9/t").build()).execute())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("larger than the 1024-byte cap");
  }
}
