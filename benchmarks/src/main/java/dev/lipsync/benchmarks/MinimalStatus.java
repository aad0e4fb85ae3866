package dev.lipsync.benchmarks;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import java.io.IOException;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The raw baseline of {@code lipsync status}: the smallest Java program that asks CometAPI where a task
 * stands and prints it, with OkHttp and Moshi, as {@link StartUp}'s raw client does. Reads the key and
 * base URL from the same environment variables as the command ({@code COMETAPI_KEY}, {@code
 * COMETAPI_BASE_URL}); takes the task id as its one argument. Run by {@link CliStartUp}, in a fresh JVM
 * on a class path of its own four libraries only.
 */
public final class MinimalStatus {
  private MinimalStatus() {}

  /** Prints {@code cometapi:<id>  <task_status>}; exits 1 if the vendor did not answer with a task. */
  public static void main(String[] args) throws IOException {
    JsonAdapter<Map<String, Object>> json =
        new Moshi.Builder().build().adapter(Types.newParameterizedType(Map.class, String.class, Object.class));
    OkHttpClient client = new OkHttpClient();
    Request request = new Request.Builder()
        .url(System.getenv("COMETAPI_BASE_URL") + "/kling/v1/videos/advanced-lip-sync/" + args[0])
        .header("Authorization", "Bearer " + System.getenv("COMETAPI_KEY"))
        .build();
    try (Response response = client.newCall(request).execute()) {
      Map<String, Object> answer = json.fromJson(response.body().source());
      if (!response.isSuccessful() || answer == null || !(answer.get("data") instanceof Map<?, ?> task)) {
        System.err.println("HTTP " + response.code());
        System.exit(1);
        return;
      }
      System.out.println("cometapi:" + args[0] + "  " + task.get("task_status"));
    }
    // OkHttp's idle connection and its threads would keep the JVM up for a minute; the command exits too.
    System.exit(0);
  }
}
