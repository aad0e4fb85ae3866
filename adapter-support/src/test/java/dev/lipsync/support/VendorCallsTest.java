package dev.lipsync.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.core.error.AuthenticationException;
import dev.lipsync.core.error.ErrorContext;
import dev.lipsync.core.error.InvalidRequestException;
import dev.lipsync.core.error.ProtocolException;
import dev.lipsync.core.error.SubmitOutcomeUnknownException;
import dev.lipsync.core.model.TaskRef;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class VendorCallsTest {

  private static Throwable failure(CompletableFuture<?> future) {
    try {
      future.get();
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("expected a failure");
  }

  @Test
  void should_read_the_answer() throws Exception {
    assertThat(VendorCalls.read("acme", () -> CompletableFuture.completedFuture(" 42 "), s -> Integer.parseInt(s.strip()))
        .get()).isEqualTo(42);
  }

  @Test
  void should_pass_library_errors_through_unwrapped() {
    AuthenticationException refused = new AuthenticationException("acme", "bad key");

    Throwable failure = failure(VendorCalls.read("acme", () -> CompletableFuture.failedFuture(refused), x -> x));

    assertThat(failure).isSameAs(refused);
  }

  @Test
  void should_turn_a_reader_surprise_into_a_protocol_error() {
    Throwable failure = failure(VendorCalls.read("acme",
        () -> CompletableFuture.completedFuture("{}"), s -> ((String) null).length()));

    assertThat(failure).isInstanceOf(ProtocolException.class).hasMessageStartingWith("[acme] the answer could not be read");
    assertThat(failure.getCause()).isInstanceOf(NullPointerException.class);
  }

  @Test
  void should_put_the_given_context_on_the_errors_it_makes_and_pass_the_calls_own_unchanged() {
    TaskRef task = new TaskRef("acme", "t-1");
    ErrorContext aboutTask = ErrorContext.of("acme").withTaskRef(task);
    AuthenticationException refused = new AuthenticationException("acme", "bad key");

    Throwable surprise = failure(VendorCalls.read(aboutTask,
        () -> CompletableFuture.completedFuture("{}"), s -> ((String) null).length()));
    Throwable unbuildable = failure(VendorCalls.read(aboutTask,
        () -> { throw new IllegalArgumentException("@Path parameters shouldn't perform path traversal"); }, x -> x));
    Throwable own = failure(VendorCalls.read(aboutTask, () -> CompletableFuture.failedFuture(refused), x -> x));

    assertThat(surprise).isInstanceOf(ProtocolException.class);
    assertThat(((ProtocolException) surprise).taskRef()).contains(task);
    assertThat(surprise.getMessage()).startsWith("[acme] the answer could not be read");
    assertThat(((InvalidRequestException) unbuildable).taskRef()).contains(task);
    assertThat(own).isSameAs(refused);
  }

  @Test
  void should_refuse_a_request_that_cannot_be_built_before_sending() {
    Throwable failure = failure(VendorCalls.read("acme",
        () -> { throw new IllegalArgumentException("@Path parameters shouldn't perform path traversal"); }, x -> x));

    assertThat(failure).isInstanceOf(InvalidRequestException.class).hasMessageContaining("path traversal");
  }

  @Test
  void should_make_an_unreadable_paid_answer_an_unknown_outcome_carrying_the_key() {
    Throwable unreadable = failure(VendorCalls.readPaid("acme", "job-7",
        () -> CompletableFuture.completedFuture("{}"), s -> { throw new ProtocolException("acme", "no task id"); }));
    Throwable unanswered = failure(VendorCalls.readPaid("acme", "job-7",
        () -> CompletableFuture.failedFuture(new SubmitOutcomeUnknownException(ErrorContext.of("acme"), "no answer", null, null)),
        x -> x));
    AuthenticationException refused = new AuthenticationException("acme", "bad key");
    Throwable known = failure(VendorCalls.readPaid("acme", "job-7", () -> CompletableFuture.failedFuture(refused), x -> x));

    assertThat(unreadable).isInstanceOf(SubmitOutcomeUnknownException.class);
    assertThat(((SubmitOutcomeUnknownException) unreadable).idempotencyKey()).isEqualTo("job-7");
    assertThat(unreadable.getMessage()).contains("no task id").contains("job-7");
    assertThat(((SubmitOutcomeUnknownException) unanswered).idempotencyKey()).isEqualTo("job-7");
    assertThat(known).as("a clear refusal created no task").isSameAs(refused);
  }

  @Test
  void should_leave_the_paid_calls_own_protocol_errors_as_they_are() {
    ProtocolException redirected = new ProtocolException(
        new ErrorContext("acme", 307, null, null, null), "the vendor answered with a redirect, which is not followed", null);
    ProtocolException unsent = new ProtocolException("acme", "refused before sending");

    Throwable answered = failure(VendorCalls.readPaid("acme", "job-7",
        () -> CompletableFuture.failedFuture(redirected), x -> x));
    Throwable notSent = failure(VendorCalls.readPaid("acme", "job-7", () -> { throw unsent; }, x -> x));
    Throwable strange = failure(VendorCalls.readPaid("acme", "job-7",
        () -> CompletableFuture.failedFuture(new IllegalStateException("odd")), x -> x));

    assertThat(answered).as("the HTTP layer decided: a redirect created nothing").isSameAs(redirected);
    assertThat(notSent).as("nothing was sent").isSameAs(unsent);
    assertThat(strange).isInstanceOf(SubmitOutcomeUnknownException.class);
    assertThat(((SubmitOutcomeUnknownException) strange).idempotencyKey()).isEqualTo("job-7");
  }

  @Test
  void should_cancel_the_call_when_the_answer_is_cancelled() {
    CompletableFuture<String> call = new CompletableFuture<>();

    VendorCalls.read("acme", () -> call, x -> x).cancel(false);

    assertThat(call).isCancelled();
  }
}
