package dev.lipsync.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * CometAPI without a socket: an OkHttp application interceptor that answers identify, submit and
 * status calls with the vendor's canned JSON. Given to a provider's builder through {@code
 * .client(...)}, it puts every layer of the library (Retrofit, Moshi, the mapper, the decorators) on
 * the measured path and leaves the network out, so that what is timed is the library's own work.
 *
 * <p>The interceptor is the client's first, so it answers before the interceptor the library adds to
 * set the {@code Authorization} header: that one request rebuild is left out of both the adapter's and
 * the gateway's figures alike. Thread-safe.
 */
final class CannedVendor implements Interceptor {
  /** The key the providers are built with; nothing checks it. */
  static final String KEY = "sk-bench-canned";
  /** A loopback base URL that is never connected to. */
  static final String BASE_URL = "http://127.0.0.1:9";
  /** The task every canned answer is about. */
  static final String TASK_ID = "860123";
  /** The status path of {@link #TASK_ID}, below the base URL. */
  static final String STATUS_PATH = "/kling/v1/videos/advanced-lip-sync/" + TASK_ID;

  static final String IDENTIFY_JSON = """
      {"code": 0, "message": "SUCCEED", "request_id": "req-1", "data": {"session_id": "session-1",
       "face_data": [{"face_id": "cometapi-ana", "face_image": "https://cdn.example.com/faces/ana.png",
       "start_time": 0, "end_time": 4000}]}}""";
  static final String SUBMITTED_JSON = """
      {"code": 0, "message": "SUCCEED", "request_id": "req-2", "data": {"task_id": "860123",
       "task_status": "submitted", "created_at": 1767225600000, "updated_at": 1767225600000}}""";
  static final String RUNNING_JSON = """
      {"code": 0, "message": "SUCCEED", "request_id": "req-3", "data": {"task_id": "860123",
       "task_status": "processing", "created_at": 1767225600000, "updated_at": 1767225601000}}""";
  static final String SUCCEEDED_JSON = """
      {"code": 0, "message": "SUCCEED", "request_id": "req-4", "data": {"task_id": "860123",
       "task_status": "succeed", "task_result": {"videos": [{"id": "video-860123",
       "url": "https://cdn.example.com/results/860123.mp4", "duration": "5.1"}]},
       "created_at": 1767225600000, "updated_at": 1767225660000}}""";

  private static final MediaType JSON = MediaType.get("application/json");

  private final byte[] identify = IDENTIFY_JSON.getBytes(UTF_8);
  private final byte[] submitted = SUBMITTED_JSON.getBytes(UTF_8);
  private final byte[] status;

  private CannedVendor(String statusJson) {
    this.status = statusJson.getBytes(UTF_8);
  }

  /** A vendor whose task has succeeded: every status call finds the result video. */
  static CannedVendor finished() {
    return new CannedVendor(SUCCEEDED_JSON);
  }

  /** A vendor whose task is still running. */
  static CannedVendor running() {
    return new CannedVendor(RUNNING_JSON);
  }

  @Override
  public Response intercept(Chain chain) {
    Request request = chain.request();
    String path = request.url().encodedPath();
    byte[] body;
    if (path.endsWith("/identify-face")) {
      body = identify;
    } else if (request.method().equals("POST")) {
      body = submitted;
    } else {
      body = status;
    }
    return new Response.Builder()
        .request(request)
        .protocol(Protocol.HTTP_1_1)
        .code(200)
        .message("OK")
        .body(ResponseBody.create(body, JSON))
        .build();
  }

  /**
   * A client answered by this vendor. {@code inline}: calls run on the caller's thread, so a call's
   * future is complete when it is returned and a measurement holds no thread hand-off; otherwise on
   * OkHttp's own thread pool, as in production.
   */
  OkHttpClient client(boolean inline) {
    OkHttpClient.Builder client = inline ? LibraryLikeClient.builder(new CallerRuns()) : LibraryLikeClient.builder();
    return client.addInterceptor(this).build();
  }

  /** Runs each task on the thread that submits it. Never shuts down: it owns no thread. */
  private static final class CallerRuns extends AbstractExecutorService {
    @Override
    public void execute(Runnable command) {
      command.run();
    }

    @Override
    public void shutdown() {}

    @Override
    public List<Runnable> shutdownNow() {
      return List.of();
    }

    @Override
    public boolean isShutdown() {
      return false;
    }

    @Override
    public boolean isTerminated() {
      return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return false;
    }
  }
}
