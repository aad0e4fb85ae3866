package dev.lipsync.alad;

import dev.lipsync.support.Paid;
import java.util.concurrent.CompletableFuture;
import retrofit2.http.Body;
import retrofit2.http.GET;
import retrofit2.http.POST;
import retrofit2.http.Path;

/** alad's endpoints. Paths are relative so that a base URL with a path prefix keeps it. */
interface AladApi {

  @POST("kling/v1/videos/identify-face")
  CompletableFuture<IdentifyAnswer> identify(@Body IdentifyBody body);

  @Paid
  @POST("kling/v1/videos/advanced-lip-sync")
  CompletableFuture<CreateAnswer> create(@Body LipSyncBody body);

  /**
   * A task's status at {@code action}: {@code advanced-lip-sync} (alad's guide) or {@code lip-sync}
   * (the platform's task reference).
   */
  @GET("kling/v1/videos/{action}/{task_id}")
  CompletableFuture<TaskAnswer> status(@Path("action") String action, @Path("task_id") String taskId);
}
