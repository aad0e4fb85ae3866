package dev.lipsync.apimodels;

import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.Face;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.VideoSource;
import dev.lipsync.core.provider.LipSyncProvider;
import dev.lipsync.core.provider.ResolvedDub;
import dev.lipsync.core.provider.SubmitRequest;
import dev.lipsync.core.tracking.ManualScheduler;
import dev.lipsync.testkit.AnswerFuzzer;
import dev.lipsync.testkit.FuzzServer;
import dev.lipsync.testkit.ReaderFuzzContract;
import dev.lipsync.testkit.VirtualTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;

/**
 * apimodels' readers against generated answers (random JSON, and mutations of the documented payloads
 * in {@code src/test/resources/apimodels/}), as {@link ReaderFuzzContract} says, the identify task's
 * polling included: the answer that creates the task and the polls of it are read apart, each with the
 * other end answered as documented.
 */
class ApiModelsReaderFuzzTest extends ReaderFuzzContract {
  private static final VideoSource VIDEO = VideoSource.url("https://example.com/video.mp4");
  private static final Face FACE = Face.of("face_001");
  private static final SubmitRequest SUBMIT = new SubmitRequest(
      new FaceSession("apimodels", "session_abc123", VIDEO, List.of(FACE)),
      List.of(ResolvedDub.of(Dub.builder().audio(AudioSource.url("https://example.com/a.mp3")).clip(0, 5_000).build(), FACE)), null, "job-1");
  private static final TaskRef TASK = new TaskRef("apimodels", "clxxx...");
  private static final String PENDING = TestSupport.resource("answer-pending.json");
  private static final String IDENTIFIED = TestSupport.resource("answer-identify-completed.json");

  private final ManualScheduler clock = new ManualScheduler();
  private BooleanSupplier httpInFlight = () -> false;
  // The vendor answers a POST (creating a task) and a GET (polling one) apart.
  private volatile MockResponse created = TestSupport.answer(200, "{}");
  private volatile MockResponse polled = TestSupport.answer(200, "{}");

  @Override
  protected String sampleFolder() {
    return "apimodels";
  }

  @Override
  protected List<Integer> errorStatuses() {
    return List.of(400, 401, 402, 404, 429, 500, 502, 504);
  }

  @Override
  protected int httpRounds() {
    return 200;
  }

  @Override
  protected void startVendor(FuzzServer vendor) {
    vendor.start(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return request.getMethod().equals("POST") ? created : polled;
      }
    });
  }

  @Override
  protected LipSyncProvider createProvider(String baseUrl, OkHttpClient client) {
    httpInFlight = () -> client.dispatcher().runningCallsCount() + client.dispatcher().queuedCallsCount() > 0;
    return ApiModelsProvider.builder()
        .apiKey(TestSupport.KEY)
        .baseUrl(baseUrl)
        .requestTimeout(REQUEST_TIMEOUT)
        .client(client)
        .scheduler(clock)
        .identifyTimeout(Duration.ofMinutes(1))
        .build();
  }

  @Override
  protected Calls calls() {
    return new Calls(VIDEO, SUBMIT, TASK);
  }

  @Override
  protected void readHttpRound(AnswerFuzzer answers) {
    String body = answers.next();
    created = vendor.answer(body);
    polled = TestSupport.answer(200, IDENTIFIED);
    tally("identify (create)").read(body, this::identify);
    body = answers.next();
    created = TestSupport.answer(200, PENDING);
    polled = vendor.answer(body);
    tally("identify (poll)").read(body, this::identify);
    body = answers.next();
    created = vendor.answer(body);
    tally("submit").read(body, () -> provider.submit(SUBMIT));
    body = answers.next();
    polled = vendor.answer(body);
    tally("status").read(body, () -> provider.status(TASK));
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
}
