package dev.lipsync.apimodels;

import dev.lipsync.apimodels.ApiModelsProvider.Variant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * apimodels' endpoint at the path and with the query one variant of its API names ({@link
 * ApiModelsFields}); the bodies get that variant's names from the provider's {@link RequestJson}.
 * Thread-safe and immutable.
 */
final class ApiModelsEndpoint {
  /** The Retrofit service, asked for at each call: the provider makes it at the first one. */
  private final Supplier<ApiModelsApi> api;
  private final String path;
  private final String taskIdName;

  ApiModelsEndpoint(Supplier<ApiModelsApi> api, Variant variant) {
    this.api = Objects.requireNonNull(api, "api == null");
    this.path = ApiModelsFields.PATH.of(variant);
    this.taskIdName = ApiModelsFields.TASK_ID.of(variant);
  }

  /** Creates an identify task. */
  CompletableFuture<Envelope> identify(IdentifyRequest request) {
    return api.get().identify(path, request);
  }

  /** Creates a lip-sync task: the paid call. */
  CompletableFuture<Envelope> submit(LipSyncRequest request) {
    return api.get().submit(path, request);
  }

  /** Asks how a task of either kind stands. */
  CompletableFuture<Envelope> task(String taskId) {
    return api.get().task(path, Map.of(taskIdName, taskId));
  }
}
