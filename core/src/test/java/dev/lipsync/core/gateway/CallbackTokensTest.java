package dev.lipsync.core.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class CallbackTokensTest {
  private static final String SECRET = "Zm9vYmFyYmF6cXV4LXNlY3JldC0wMTIzNDU2Nzg5_";

  @Test
  void should_derive_base64url_hmac_sha256_of_the_vendor_without_padding() throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
    String expected = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(mac.doFinal("kling".getBytes(StandardCharsets.UTF_8)));

    String token = CallbackTokens.of(SECRET).tokenFor("kling");

    assertThat(token).isEqualTo(expected).hasSize(43).matches("[A-Za-z0-9_-]+");
    assertThat(CallbackTokens.of(SECRET).tokenFor("kling")).as("the same secret, the same token").isEqualTo(token);
  }

  @Test
  void should_accept_a_vendor_s_own_token_only() {
    CallbackTokens tokens = CallbackTokens.of(SECRET);
    String kling = tokens.tokenFor("kling");

    assertThat(tokens.matches("kling", kling)).isTrue();
    assertThat(tokens.matches("cometapi", kling)).as("another vendor's token").isFalse();
    assertThat(tokens.matches("kling", kling.substring(1))).isFalse();
    assertThat(tokens.matches("kling", kling + "A")).isFalse();
    assertThat(tokens.matches("kling", "")).isFalse();
    assertThat(tokens.matches("kling", null)).isFalse();
    assertThat(tokens.matches(null, kling)).isFalse();
    assertThat(tokens.matches("Kling", kling)).as("not a vendor id").isFalse();
    assertThat(tokens.matches("../kling", kling)).isFalse();
    assertThat(CallbackTokens.of(SECRET.replace('Z', 'Y')).matches("kling", kling)).as("another secret").isFalse();
  }

  @Test
  void should_refuse_a_short_or_unsafe_secret_without_showing_it() {
    assertThatIllegalArgumentException().isThrownBy(() -> CallbackTokens.of("short-secret-31-characters-long"))
        .withMessage("masterSecret must be at least 32 characters of A-Z, a-z, 0-9, '-' and '_'"
            + " (got 31 characters)");
    String unsafe = "a secret with spaces and more than 32 chars";
    assertThatIllegalArgumentException().isThrownBy(() -> CallbackTokens.of(unsafe))
        .withMessageNotContaining(unsafe).withMessageContaining("(got " + unsafe.length() + " characters)");
  }

  @Test
  void should_make_new_secrets_that_are_valid_and_different() {
    String one = CallbackTokens.newMasterSecret();
    String two = CallbackTokens.newMasterSecret();

    assertThat(one).hasSize(43).isNotEqualTo(two);
    CallbackTokens.checkMasterSecret("one", one);
    assertThat(CallbackTokens.random().tokenFor("kling")).isNotEqualTo(CallbackTokens.random().tokenFor("kling"));
  }

  @Test
  void should_refuse_a_token_for_what_is_not_a_vendor_id() {
    assertThatIllegalArgumentException().isThrownBy(() -> CallbackTokens.of(SECRET).tokenFor("Kling/x"))
        .withMessageContaining("lower-case letters, digits or dashes");
  }

  @Test
  void should_never_show_the_secret() {
    assertThat(CallbackTokens.of(SECRET).toString()).doesNotContain(SECRET).contains("hidden");
  }

  @Test
  void should_answer_each_outcome_with_one_status() {
    assertThat(CallbackOutcome.ACCEPTED.httpStatus()).isEqualTo(204);
    assertThat(CallbackOutcome.UNKNOWN_TASK.httpStatus()).isEqualTo(204);
    assertThat(CallbackOutcome.MALFORMED.httpStatus()).isEqualTo(400);
    assertThat(CallbackOutcome.UNKNOWN_VENDOR.httpStatus()).isEqualTo(404);
  }
}
