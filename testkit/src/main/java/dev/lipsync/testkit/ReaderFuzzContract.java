package dev.lipsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.VideoSource;
import dev.lipsync.core.provider.LipSyncProvider;
import dev.lipsync.core.provider.SubmitRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An adapter's readers against thousands of generated answers ({@link AnswerFuzzer}: random JSON, and
 * mutations of the vendor's documented payloads), from a fixed seed, on the provider's own path (HTTP,
 * Retrofit, Moshi, the mapper): each reader returns a value or throws the library's typed error, never
 * another exception, and never hangs ({@link ReaderTally}). An adapter's test extends this class and
 * names the class-path folder of its documented payloads, the error statuses its vendor sends, how to
 * build its provider on the {@link FuzzServer}, and what to identify, submit and ask the status of:
 *
 * <pre>{@code
 * class CometApiReaderFuzzTest extends ReaderFuzzContract {
 *   protected String sampleFolder() { return "cometapi"; }
 *   protected List<Integer> errorStatuses() { return List.of(400, 401, 404, 429, 500, 502, 504); }
 *   protected LipSyncProvider createProvider(String baseUrl, OkHttpClient client) {
 *     return CometApiProvider.builder().apiKey(KEY).baseUrl(baseUrl)
 *         .requestTimeout(REQUEST_TIMEOUT).client(client).build();
 *   }
 *   protected Calls calls() { return new Calls(VIDEO, SUBMIT, new TaskRef("cometapi", "8422509")); }
 * }
 * }</pre>
 *
 * <p>Each round of {@link #readHttpRound} serves four answers (identify, submit, and status twice); a
 * vendor whose readers take another path (apimodels' identification is a task the provider polls)
 * overrides the round and names its own tallies. The callbacks are read without HTTP, after the rounds.
 *
 * <p>Not thread-safe: JUnit makes an instance per test, and the reads run one after another on the
 * timeout's thread.
 */
public abstract class ReaderFuzzContract {
  /** The seed of the answers and of their statuses, fixed so that a failure can be replayed. */
  protected static final long SEED = 0x11_95_2026L;
  /** The per-call timeout to build the provider with. */
  protected static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
  private static final int HTTP_ROUNDS = 250;
  private static final int CALLBACKS = 3_000;
  private static final Duration WHOLE_RUN = Duration.ofSeconds(60);

  /** The vendor; started before each test, with the provider built on it. */
  protected FuzzServer vendor;
  /** The provider under test. */
  protected LipSyncProvider provider;
  private final Map<String, ReaderTally> tallies = new LinkedHashMap<>();

  /** The class-path folder of the vendor's documented answers and callbacks, e.g. {@code "cometapi"}. */
  protected abstract String sampleFolder();

  /** The error statuses the vendor may answer with. */
  protected abstract List<Integer> errorStatuses();

  /** The adapter's provider, talking to {@code baseUrl} through {@code client}. */
  protected abstract LipSyncProvider createProvider(String baseUrl, OkHttpClient client);

  /** What the provider's calls take; {@link #readHttpRound} makes them with it. */
  protected abstract Calls calls();

  /** How many rounds of {@link #readHttpRound} to run. */
  protected int httpRounds() {
    return HTTP_ROUNDS;
  }

  /**
   * Whether a file of the sample folder is a sample: by default anything but prose ({@code .md}) and the
   * requests the library sends, which no reader meets.
   */
  protected boolean isSample(String fileName) {
    return !fileName.endsWith(".md") && !fileName.contains("request");
  }

  /** Starts the vendor; an adapter telling endpoints apart gives it a dispatcher of its own. */
  protected void startVendor(FuzzServer vendor) {
    vendor.start();
  }

  /** One round of HTTP reads, each of an answer drawn from {@code answers}. */
  protected void readHttpRound(AnswerFuzzer answers) {
    Calls calls = calls();
    tally("identify").read(vendor.serve(answers.next()), () -> provider.identifyFaces(calls.identify()));
    tally("submit").read(vendor.serve(answers.next()), () -> provider.submit(calls.submit()));
    tally("status").read(vendor.serve(answers.next()), () -> provider.status(calls.status()));
    tally("status").read(vendor.serve(answers.next()), () -> provider.status(calls.status()));
  }

  /**
   * The tally of the reader named {@code reader}, made at its first read; every tally made is checked at
   * the end of the test.
   */
  protected final ReaderTally tally(String reader) {
    return tallies.computeIfAbsent(reader, ReaderTally::new);
  }

  @BeforeEach
  void startFuzzServer() {
    vendor = new FuzzServer(SEED, errorStatuses());
    startVendor(vendor);
    provider = createProvider(vendor.baseUrl(), vendor.client());
  }

  @AfterEach
  void stopFuzzServer() {
    // Null when the adapter's hooks failed before the vendor was made; that failure is the one to show.
    if (vendor != null) {
      vendor.close();
    }
  }

  @Test
  void should_read_every_generated_answer_into_a_value_or_the_librarys_error() {
    AnswerFuzzer answers = new AnswerFuzzer(SEED, samples());

    assertTimeoutPreemptively(WHOLE_RUN, () -> {
      for (int i = 0; i < httpRounds(); i++) {
        readHttpRound(answers);
      }
      for (int i = 0; i < CALLBACKS; i++) {
        String body = answers.next();
        tally("callback").readNow(body, () -> provider.parseCallback(body));
      }
    });

    for (ReaderTally reader : tallies.values()) {
      assertThat(reader.unexpected()).as(reader.toString()).isEmpty();
      assertThat(reader.count(ReaderTally.VALUE)).as("some answers are still readable: " + reader).isPositive();
      assertThat(reader.reads() - reader.count(ReaderTally.VALUE)).as("some are not: " + reader).isPositive();
    }
  }

  /** The text of every sample in {@link #sampleFolder()}, in the order of their names. */
  protected List<String> samples() {
    String folder = "/" + sampleFolder();
    URL url = getClass().getResource(folder);
    if (url == null) {
      throw new IllegalStateException("no class-path folder " + folder);
    }
    try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
      // The fuzzer's draws follow the samples' order: sorted, a seed gives the same inputs on any file system.
      return files.filter(file -> isSample(file.getFileName().toString()))
          .sorted(Comparator.comparing(file -> file.getFileName().toString()))
          .map(ReaderFuzzContract::read)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * What the provider's calls take, each named after its call.
   *
   * @param identify the video to identify
   * @param submit the request to submit
   * @param status the task to ask the status of
   */
  public record Calls(VideoSource identify, SubmitRequest submit, TaskRef status) {}

  private static String read(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
