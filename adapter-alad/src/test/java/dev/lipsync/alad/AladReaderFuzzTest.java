package dev.lipsync.alad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.Face;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.provider.ResolvedDub;
import dev.lipsync.core.provider.SubmitRequest;
import dev.lipsync.testkit.AnswerFuzzer;
import dev.lipsync.testkit.FuzzServer;
import dev.lipsync.testkit.ReaderTally;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * alad's readers against thousands of generated answers (random JSON, and mutations of the documented
 * payloads in {@code src/test/resources/alad/}, both status shapes included), from a fixed seed: each
 * reader, on the provider's own path (HTTP, Retrofit, Moshi, the mapper), returns a value or throws the
 * library's typed error, never another exception, and never hangs.
 */
class AladReaderFuzzTest {
  private static final long SEED = 0x11_95_2026L;
  private static final int HTTP_ANSWERS = 250;
  private static final int CALLBACKS = 3_000;
  private static final List<Integer> ERROR_STATUSES = List.of(400, 401, 402, 404, 429, 500, 502, 503, 504);
  private static final Face FACE = Face.of("0");
  private static final SubmitRequest SUBMIT = new SubmitRequest(Fixtures.session(FACE),
      List.of(ResolvedDub.of(Dub.of(AudioSource.url("https://example.com/speech.mp3")), FACE)), null, "k");
  private static final TaskRef TASK = new TaskRef("alad", "842250903629086785");

  private final FuzzServer vendor = new FuzzServer(SEED, ERROR_STATUSES);
  private AladProvider provider;

  @BeforeEach
  void start() throws IOException {
    vendor.start();
    provider = AladProvider.builder()
        .apiKey(Fixtures.KEY)
        .baseUrl(vendor.baseUrl())
        .requestTimeout(Duration.ofSeconds(5))
        .client(vendor.client())
        .build();
  }

  @AfterEach
  void stop() {
    vendor.close();
  }

  @Test
  void should_read_every_generated_answer_into_a_value_or_the_librarys_error() {
    AnswerFuzzer answers = new AnswerFuzzer(SEED, samples());
    ReaderTally identify = new ReaderTally("identify");
    ReaderTally submit = new ReaderTally("submit");
    ReaderTally status = new ReaderTally("status");
    ReaderTally callback = new ReaderTally("callback");

    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      for (int i = 0; i < HTTP_ANSWERS; i++) {
        identify.read(vendor.serve(answers.next()), () -> provider.identifyFaces(Fixtures.VIDEO));
        submit.read(vendor.serve(answers.next()), () -> provider.submit(SUBMIT));
        status.read(vendor.serve(answers.next()), () -> provider.status(TASK));
        status.read(vendor.serve(answers.next()), () -> provider.status(TASK));
      }
      for (int i = 0; i < CALLBACKS; i++) {
        String body = answers.next();
        callback.readNow(body, () -> provider.parseCallback(body));
      }
    });

    for (ReaderTally reader : List.of(identify, submit, status, callback)) {
      assertThat(reader.unexpected()).as(reader.toString()).isEmpty();
      assertThat(reader.count(ReaderTally.VALUE)).as("some answers are still readable: " + reader).isPositive();
      assertThat(reader.reads() - reader.count(ReaderTally.VALUE)).as("some are not: " + reader).isPositive();
    }
  }

  /** Every documented answer among the test resources. */
  static List<String> samples() {
    try (Stream<Path> files = Files.list(Path.of(Fixtures.class.getResource("/alad").toURI()))) {
      return files.map(Path::getFileName).map(Path::toString)
          .filter(name -> name.endsWith(".json") && !name.startsWith("request"))
          .sorted()
          .map(Fixtures::read)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
