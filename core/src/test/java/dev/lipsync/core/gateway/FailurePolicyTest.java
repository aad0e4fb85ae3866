package dev.lipsync.core.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.core.error.ErrorContext;
import dev.lipsync.core.error.RateLimitedException;
import dev.lipsync.core.error.UnavailableException;
import dev.lipsync.core.gateway.FailurePolicy.Decision;
import dev.lipsync.core.gateway.FailurePolicy.Failure;
import dev.lipsync.core.gateway.FailurePolicy.Next;
import dev.lipsync.core.gateway.FailurePolicy.Operation;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The failure table, entry by entry: every (operation, failure) pair with the default settings, then
 * the entries each setting changes. README's failure table is this table.
 */
class FailurePolicyTest {
  private static final FailurePolicy DEFAULTS = FailurePolicy.of(ResilienceSettings.defaults());

  /** operation, failure, next, and (after "then") what happens once the attempts are spent. */
  private static final String TABLE = """
      IDENTIFY  RATE_LIMITED            RETRY then FAIL_OVER
      IDENTIFY  RATE_LIMITED_LONG_WAIT  FAIL_OVER
      IDENTIFY  TOO_MANY_TASKS          RETRY then FAIL_OVER
      IDENTIFY  UNAVAILABLE             RETRY then FAIL_OVER
      IDENTIFY  UNREACHABLE             FAIL_OVER
      IDENTIFY  AUTHENTICATION          FAIL_OVER
      IDENTIFY  OUT_OF_CREDIT           FAIL_OVER
      IDENTIFY  INVALID_REQUEST         STOP
      IDENTIFY  NOT_SUPPORTED           FAIL_OVER
      IDENTIFY  CONTENT_REJECTED        STOP
      IDENTIFY  TASK_FAILED             FAIL_OVER
      IDENTIFY  NOT_FOUND               FAIL_OVER
      IDENTIFY  SESSION_EXPIRED         FAIL_OVER
      IDENTIFY  PROTOCOL                FAIL_OVER
      IDENTIFY  SUBMIT_OUTCOME_UNKNOWN  STOP
      IDENTIFY  DEADLINE_EXCEEDED       FAIL_OVER
      IDENTIFY  CLOSED                  STOP
      IDENTIFY  BROKEN                  STOP
      SUBMIT    RATE_LIMITED            RETRY then FAIL_OVER
      SUBMIT    RATE_LIMITED_LONG_WAIT  FAIL_OVER
      SUBMIT    TOO_MANY_TASKS          WAIT
      SUBMIT    UNAVAILABLE             RECONCILE then OUTCOME_UNKNOWN
      SUBMIT    UNREACHABLE             FAIL_OVER
      SUBMIT    AUTHENTICATION          FAIL_OVER
      SUBMIT    OUT_OF_CREDIT           FAIL_OVER
      SUBMIT    INVALID_REQUEST         STOP
      SUBMIT    NOT_SUPPORTED           FAIL_OVER
      SUBMIT    CONTENT_REJECTED        STOP
      SUBMIT    TASK_FAILED             STOP
      SUBMIT    NOT_FOUND               FAIL_OVER
      SUBMIT    SESSION_EXPIRED         IDENTIFY_AGAIN then FAIL_OVER
      SUBMIT    PROTOCOL                RECONCILE then OUTCOME_UNKNOWN
      SUBMIT    SUBMIT_OUTCOME_UNKNOWN  RECONCILE then OUTCOME_UNKNOWN
      SUBMIT    DEADLINE_EXCEEDED       STOP
      SUBMIT    CLOSED                  STOP
      SUBMIT    BROKEN                  STOP
      STATUS    RATE_LIMITED            POLL_AGAIN
      STATUS    RATE_LIMITED_LONG_WAIT  POLL_AGAIN
      STATUS    TOO_MANY_TASKS          POLL_AGAIN
      STATUS    UNAVAILABLE             POLL_AGAIN
      STATUS    UNREACHABLE             POLL_AGAIN
      STATUS    AUTHENTICATION          STOP
      STATUS    OUT_OF_CREDIT           STOP
      STATUS    INVALID_REQUEST         STOP
      STATUS    NOT_SUPPORTED           STOP
      STATUS    CONTENT_REJECTED        STOP
      STATUS    TASK_FAILED             STOP
      STATUS    NOT_FOUND               STOP
      STATUS    SESSION_EXPIRED         STOP
      STATUS    PROTOCOL                POLL_AGAIN then STOP
      STATUS    SUBMIT_OUTCOME_UNKNOWN  STOP
      STATUS    DEADLINE_EXCEEDED       STOP
      STATUS    CLOSED                  STOP
      STATUS    BROKEN                  STOP
      LOOKUP    RATE_LIMITED            RETRY then OUTCOME_UNKNOWN
      LOOKUP    RATE_LIMITED_LONG_WAIT  OUTCOME_UNKNOWN
      LOOKUP    TOO_MANY_TASKS          RETRY then OUTCOME_UNKNOWN
      LOOKUP    UNAVAILABLE             RETRY then OUTCOME_UNKNOWN
      LOOKUP    UNREACHABLE             RETRY then OUTCOME_UNKNOWN
      LOOKUP    AUTHENTICATION          OUTCOME_UNKNOWN
      LOOKUP    OUT_OF_CREDIT           OUTCOME_UNKNOWN
      LOOKUP    INVALID_REQUEST         OUTCOME_UNKNOWN
      LOOKUP    NOT_SUPPORTED           OUTCOME_UNKNOWN
      LOOKUP    CONTENT_REJECTED        OUTCOME_UNKNOWN
      LOOKUP    TASK_FAILED             OUTCOME_UNKNOWN
      LOOKUP    NOT_FOUND               OUTCOME_UNKNOWN
      LOOKUP    SESSION_EXPIRED         OUTCOME_UNKNOWN
      LOOKUP    PROTOCOL                OUTCOME_UNKNOWN
      LOOKUP    SUBMIT_OUTCOME_UNKNOWN  OUTCOME_UNKNOWN
      LOOKUP    DEADLINE_EXCEEDED       OUTCOME_UNKNOWN
      LOOKUP    CLOSED                  OUTCOME_UNKNOWN
      LOOKUP    BROKEN                  OUTCOME_UNKNOWN
      CALLBACK  RATE_LIMITED            POLL_AGAIN
      CALLBACK  RATE_LIMITED_LONG_WAIT  POLL_AGAIN
      CALLBACK  TOO_MANY_TASKS          POLL_AGAIN
      CALLBACK  UNAVAILABLE             POLL_AGAIN
      CALLBACK  UNREACHABLE             POLL_AGAIN
      CALLBACK  AUTHENTICATION          POLL_AGAIN
      CALLBACK  OUT_OF_CREDIT           POLL_AGAIN
      CALLBACK  INVALID_REQUEST         POLL_AGAIN
      CALLBACK  NOT_SUPPORTED           POLL_AGAIN
      CALLBACK  CONTENT_REJECTED        POLL_AGAIN
      CALLBACK  TASK_FAILED             POLL_AGAIN
      CALLBACK  NOT_FOUND               POLL_AGAIN
      CALLBACK  SESSION_EXPIRED         POLL_AGAIN
      CALLBACK  PROTOCOL                POLL_AGAIN
      CALLBACK  SUBMIT_OUTCOME_UNKNOWN  POLL_AGAIN
      CALLBACK  DEADLINE_EXCEEDED       POLL_AGAIN
      CALLBACK  CLOSED                  STOP
      CALLBACK  BROKEN                  STOP
      """;

  private static Map<String, Decision> parse(String table) {
    Map<String, Decision> entries = new LinkedHashMap<>();
    for (String line : table.strip().split("\n")) {
      String[] words = line.strip().split("\\s+");
      Next next = Next.valueOf(words[2]);
      Next spent = words.length > 3 ? Next.valueOf(words[4]) : next;
      entries.put(words[0] + " " + words[1], new Decision(next, spent));
    }
    return entries;
  }

  @Test
  void should_decide_every_pair_as_the_table_says() {
    Map<String, Decision> expected = parse(TABLE);

    assertThat(expected).as("one entry per (operation, failure) pair")
        .hasSize(Operation.values().length * Failure.values().length);
    for (Operation operation : Operation.values()) {
      for (Failure failure : Failure.values()) {
        assertThat(DEFAULTS.decide(operation, failure)).as(operation + " " + failure)
            .isEqualTo(expected.get(operation + " " + failure));
      }
    }
  }

  @Test
  void should_never_send_a_paid_job_elsewhere_once_a_task_exists_unless_told_for_a_failed_task() {
    FailurePolicy told = FailurePolicy.of(ResilienceSettings.defaults(), true, true);
    for (Failure failure : Failure.values()) {
      Next next = told.decide(Operation.STATUS, failure).spent();
      assertThat(next).as(failure.name())
          .isEqualTo(failure == Failure.TASK_FAILED ? Next.FAIL_OVER
              : failure == Failure.PROTOCOL ? Next.STOP
              : DEFAULTS.decide(Operation.STATUS, failure).spent());
    }
  }

  @Test
  void should_fail_over_on_refused_content_only_when_told_and_at_once_whoever_identifies() {
    FailurePolicy told = FailurePolicy.of(ResilienceSettings.defaults(), false, true);

    assertThat(told.decide(Operation.IDENTIFY, Failure.CONTENT_REJECTED).next()).isEqualTo(Next.FAIL_OVER);
    assertThat(told.decide(Operation.SUBMIT, Failure.CONTENT_REJECTED).next()).isEqualTo(Next.FAIL_OVER);
    assertThat(told.decide(Operation.STATUS, Failure.CONTENT_REJECTED).next()).isEqualTo(Next.STOP);
  }

  @Test
  void should_fail_over_on_a_failed_task_only_when_told() {
    FailurePolicy told = FailurePolicy.of(ResilienceSettings.defaults(), true, false);

    assertThat(told.decide(Operation.STATUS, Failure.TASK_FAILED).next()).isEqualTo(Next.FAIL_OVER);
    assertThat(told.decide(Operation.SUBMIT, Failure.TASK_FAILED).next()).isEqualTo(Next.FAIL_OVER);
  }

  @Test
  void should_try_an_unreachable_vendor_again_before_anything_is_paid_only_when_told() {
    FailurePolicy told = FailurePolicy.of(ResilienceSettings.builder().retryUnreachable(true).build());

    assertThat(told.decide(Operation.IDENTIFY, Failure.UNREACHABLE))
        .isEqualTo(new Decision(Next.RETRY, Next.FAIL_OVER));
    assertThat(told.decide(Operation.SUBMIT, Failure.UNREACHABLE))
        .isEqualTo(new Decision(Next.RETRY, Next.FAIL_OVER));
  }

  @Test
  void should_read_a_rate_limit_by_how_long_it_asks_to_wait_against_the_longest_backoff() {
    FailurePolicy policy = FailurePolicy.of(ResilienceSettings.builder().maxBackoff(Duration.ofSeconds(30)).build());

    assertThat(policy.classify(limited(Duration.ofSeconds(30)))).isEqualTo(Failure.RATE_LIMITED);
    assertThat(policy.classify(limited(Duration.ofSeconds(31)))).isEqualTo(Failure.RATE_LIMITED_LONG_WAIT);
    assertThat(policy.classify(limited(null))).isEqualTo(Failure.RATE_LIMITED);
    assertThat(policy.classify(UnavailableException.unreachable(ErrorContext.of("v"), "refused", null)))
        .isEqualTo(Failure.UNREACHABLE);
    assertThat(policy.classify(new IllegalStateException("a bug"))).isEqualTo(Failure.BROKEN);
    assertThat(policy.classify(new NoSuchMethodError("okio"))).isEqualTo(Failure.BROKEN);
  }

  @Test
  void should_count_against_the_vendor_only_what_says_it_is_unwell() {
    Set<Failure> unwell = EnumSet.of(Failure.RATE_LIMITED, Failure.RATE_LIMITED_LONG_WAIT, Failure.UNAVAILABLE,
        Failure.UNREACHABLE, Failure.AUTHENTICATION, Failure.OUT_OF_CREDIT, Failure.PROTOCOL,
        Failure.SUBMIT_OUTCOME_UNKNOWN, Failure.DEADLINE_EXCEEDED);
    for (Failure failure : Failure.values()) {
      assertThat(DEFAULTS.countsAgainstVendor(failure)).as(failure.name()).isEqualTo(unwell.contains(failure));
    }
  }

  @Test
  void should_be_the_table_readme_shows() throws java.io.IOException {
    java.nio.file.Path readme = java.nio.file.Path.of("..", "README.md");
    String text = java.nio.file.Files.readString(readme);

    assertThat(text).as("README.md's failure table, rendered from the policy").contains(markdown(DEFAULTS));
  }

  /** The table as README shows it: a row per failure, a column per operation, with the default settings. */
  static String markdown(FailurePolicy policy) {
    StringBuilder table = new StringBuilder("| failure |");
    for (Operation operation : Operation.values()) {
      table.append(' ').append(operation.name().toLowerCase(java.util.Locale.ROOT)).append(" |");
    }
    table.append("\n|---|").append("---|".repeat(Operation.values().length)).append('\n');
    for (Failure failure : Failure.values()) {
      table.append("| ").append(words(failure.name())).append(" |");
      for (Operation operation : Operation.values()) {
        Decision decision = policy.decide(operation, failure);
        table.append(' ').append(words(decision.next().name()));
        if (decision.spent() != decision.next()) {
          table.append(", then ").append(words(decision.spent().name()));
        }
        table.append(" |");
      }
      table.append('\n');
    }
    return table.toString();
  }

  private static String words(String name) {
    return name.toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
  }

  private static RateLimitedException limited(Duration retryAfter) {
    return new RateLimitedException(ErrorContext.of("v"), "slow down", retryAfter, null);
  }
}
