package dev.lipsync.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lipsync.core.error.AuthenticationException;
import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.error.OutOfCreditException;
import dev.lipsync.core.error.ProtocolException;
import dev.lipsync.core.error.RateLimitedException;
import dev.lipsync.core.model.TaskRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VendorEnvelopeTest {
  private static final ApiKey KEY = ApiKey.of("sk-envelope-7f3b9d");
  private static final VendorEnvelope KLING = VendorEnvelope.of("acme", "0");
  private static final VendorEnvelope RELAY = VendorEnvelope.of("acme", "0", "success");
  private static final VendorEnvelope HTTP_LIKE = VendorEnvelope.of("acme", "200", "0");

  @ParameterizedTest(name = "code {0}")
  @ValueSource(strings = {"0", " 0 ", "0.0", "-0", "+0", "0e3"})
  void should_take_every_spelling_of_a_numeric_success_code(String code) {
    assertThat(KLING.errorOf(code, "ok", KEY, null)).isNull();
  }

  @Test
  void should_take_numbers_as_read_from_json_by_their_value() {
    assertThat(KLING.errorOf(0.0, null, KEY, null)).isNull();
    assertThat(HTTP_LIKE.errorOf(200.0, null, KEY, null)).isNull();
    assertThat(HTTP_LIKE.errorOf(200L, null, KEY, null)).isNull();
  }

  @ParameterizedTest(name = "code \"{0}\"")
  @ValueSource(strings = {"success", "SUCCESS", " Success "})
  void should_take_a_word_without_regard_to_case(String code) {
    assertThat(RELAY.errorOf(code, null, KEY, null)).isNull();
    assertThat(KLING.errorOf(code, null, KEY, null)).as("not Kling's success code").isNotNull();
  }

  @ParameterizedTest(name = "code \"{0}\"")
  @ValueSource(strings = {"NaN", "0x0p0", "0d", "0f", "00000000000000000000000000000000000000000000000000000000000000000"})
  void should_read_no_number_where_java_would_but_json_does_not(String code) {
    assertThat(KLING.errorOf(code, null, KEY, null)).isInstanceOf(ProtocolException.class);
  }

  @Test
  void should_report_no_error_without_a_code() {
    assertThat(KLING.errorOf(null, "whatever", KEY, null)).isNull();
    assertThat(KLING.errorOf("  ", "whatever", KEY, null)).isNull();
  }

  @Test
  void should_make_of_a_code_what_the_error_mapper_makes_of_it_in_a_non_2xx_answer() {
    assertThat(KLING.errorOf("1102", "no balance", KEY, null)).isInstanceOf(OutOfCreditException.class);
    assertThat(KLING.errorOf(1000.0, "bad token", KEY, null)).isInstanceOf(AuthenticationException.class);
    assertThat(HTTP_LIKE.errorOf("429", "slow down", KEY, null)).isInstanceOf(RateLimitedException.class);
  }

  @Test
  void should_mask_the_key_in_the_vendor_s_message_and_name_code_and_task() {
    TaskRef ref = new TaskRef("acme", "t-1");

    LipSyncException error = catchThrowableOfType(LipSyncException.class,
        () -> KLING.check("1002", "key " + KEY.value() + " is not valid", KEY, ref));

    assertThat(error).isInstanceOf(AuthenticationException.class);
    assertThat(error.getMessage()).doesNotContain(KEY.value()).contains("****").contains("1002");
    assertThat(error.context().vendorMessage()).isEqualTo("key **** is not valid");
    assertThat(error.taskRef()).contains(ref);
  }

  @Test
  void should_report_a_code_that_is_no_scalar_without_a_code() {
    LipSyncException error = KLING.errorOf(java.util.Map.of("nested", 1), "odd", KEY, null);

    assertThat(error).isInstanceOf(ProtocolException.class);
    assertThat(error.context().vendorCode()).isNull();
  }

  @Test
  void should_refuse_to_be_made_without_success_codes() {
    assertThatIllegalArgumentException().isThrownBy(() -> VendorEnvelope.of("acme"))
        .withMessageContaining("successCodes");
    assertThatIllegalArgumentException().isThrownBy(() -> VendorEnvelope.of("acme", "0", " "))
        .withMessage("successCodes: \" \" is blank");
  }
}
