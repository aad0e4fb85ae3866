package dev.lipsync.apimodels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.Face;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.VideoSource;
import dev.lipsync.core.provider.ResolvedDub;
import dev.lipsync.core.provider.SubmitRequest;
import dev.lipsync.core.tracking.ManualScheduler;
import dev.lipsync.testkit.AnswerFuzzer;
import dev.lipsync.testkit.FuzzServer;
import dev.lipsync.testkit.ReaderTally;
import dev.lipsync.testkit.VirtualTime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * apimodels' readers against thousands of generated answers (random JSON, and mutations of the
 * documented payloads in {@code src/test/resources/apimodels/}), from a fixed seed: the answer that
 * creates an identify task, the polls of that task, the submit's answer, a status answer and a
 * callback each, on the provider's own path (HTTP, Retrofit, Moshi, the mapper, the identify task's
 * polling), return a value or throw the library's typed error, never another exception, and never
 * hang.
 */
class ApiModelsReaderFuzzTest {
  private static final long SEED = 0x11_95_2026L;
  private static final int HTTP_ANSWERS = 200;
  private static final int CALLBACKS = 3_000;
  private static final List<Integer> ERROR_STATUSES = List.of(400, 401, 402, 404, 429, 500, 502, 504);
  private static final VideoSource VIDEO = VideoSource.url("https://example.com/video.mp4");
  private static final Face FACE = Face.of("face_001");
  private static final SubmitRequest SUBMIT = new SubmitRequest(
      new FaceSession("apimodels", "session_abc123", VIDEO, List.of(FACE)),
      List.of(ResolvedDub.of(Dub.of(AudioSource.url("https://example.com/a.mp3")), FACE)), null, "job-1");
  private static final TaskRef TASK = new TaskRef("apimodels", "clxxx...");

  private final FuzzServer vendor = new FuzzServer(SEED, ERROR_STATUSES);
  private final ManualScheduler clock = new ManualScheduler();
  private final OkHttpClient http = vendor.client();
  private final BooleanSupplier httpInFlight =
      () -> http.dispatcher().runningCallsCount() + http.dispatcher().queuedCallsCount() > 0;
  private volatile MockResponse created = TestSupport.answer(200, "{}");
  private volatile MockResponse polled = TestSupport.answer(200, "{}");
  private ApiModelsProvider provider;

  @BeforeEach
  void start() throws IOException {
    vendor.start(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return request.getMethod().equals("POST") ? created : polled;
      }
    });
    provider = ApiModelsProvider.builder()
        .apiKey(TestSupport.KEY)
        .baseUrl(vendor.baseUrl())
        .requestTimeout(Duration.ofSeconds(5))
        .client(http)
        .scheduler(clock)
        .identifyTimeout(Duration.ofMinutes(1))
        .build();
  }

  @AfterEach
  void stop() {
    vendor.close();
  }

  @Test
  void should_read_every_generated_answer_into_a_value_or_the_librarys_error() {
    AnswerFuzzer answers = new AnswerFuzzer(SEED, samples());
    String pending = TestSupport.resource("answer-pending.json");
    String identified = TestSupport.resource("answer-identify-completed.json");
    ReaderTally identifyCreated = new ReaderTally("identify (create)");
    ReaderTally identifyPolled = new ReaderTally("identify (poll)");
    ReaderTally submit = new ReaderTally("submit");
    ReaderTally status = new ReaderTally("status");
    ReaderTally callback = new ReaderTally("callback");

    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      for (int i = 0; i < HTTP_ANSWERS; i++) {
        String body = answers.next();
        created = vendor.answer(body);
        polled = TestSupport.answer(200, identified);
        identifyCreated.read(body, this::identify);
        body = answers.next();
        created = TestSupport.answer(200, pending);
        polled = vendor.answer(body);
        identifyPolled.read(body, this::identify);
        body = answers.next();
        created = vendor.answer(body);
        submit.read(body, () -> provider.submit(SUBMIT));
        body = answers.next();
        polled = vendor.answer(body);
        status.read(body, () -> provider.status(TASK));
      }
      for (int i = 0; i < CALLBACKS; i++) {
        String body = answers.next();
        callback.readNow(body, () -> provider.parseCallback(body));
      }
    });

    for (ReaderTally reader : List.of(identifyCreated, identifyPolled, submit, status, callback)) {
      assertThat(reader.unexpected()).as(reader.toString()).isEmpty();
      assertThat(reader.count(ReaderTally.VALUE)).as("some answers are still readable: " + reader).isPositive();
      assertThat(reader.reads() - reader.count(ReaderTally.VALUE)).as("some are not: " + reader).isPositive();
    }
  }

  /** Identification, with the clock moved on while no HTTP call is under way, so its task is polled. */
  private CompletableFuture<FaceSession> identify() {
    CompletableFuture<FaceSession> session = provider.identifyFaces(VIDEO);
    try {
      VirtualTime.await(session, clock, httpInFlight);
    } catch (RuntimeException | AssertionError e) {
      // The tally reads the future's outcome (or its absence) itself.
    }
    return session;
  }

  /** Every documented answer and callback among the test resources. */
  static List<String> samples() {
    try (Stream<Path> files = Files.list(Path.of(TestSupport.class.getResource("/apimodels").toURI()))) {
      return files.map(Path::getFileName).map(Path::toString)
          .filter(name -> !name.contains("request"))
          .sorted()
          .map(TestSupport::resource)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
