package dev.lipsync.cometapi;

import dev.lipsync.support.Paid;
import dev.lipsync.support.upstream.AdvancedWire;
import dev.lipsync.support.upstream.IdentifyWire;
import dev.lipsync.support.upstream.KlingEnvelope;
import java.util.concurrent.CompletableFuture;
import retrofit2.http.Body;
import retrofit2.http.GET;
import retrofit2.http.POST;
import retrofit2.http.Path;

/** CometAPI's Kling lip-sync endpoints. Paths are relative to the base URL. */
interface CometApi {

  @POST("kling/v1/videos/identify-face")
  CompletableFuture<KlingEnvelope<RelayWire.Session>> identifyFace(@Body IdentifyWire.Request body);

  @Paid
  @POST("kling/v1/videos/advanced-lip-sync")
  CompletableFuture<KlingEnvelope<RelayWire.Task>> createAdvanced(
      @Body AdvancedWire.Request<RelayWire.FaceChoose> body);

  @GET("kling/v1/videos/advanced-lip-sync/{task_id}")
  CompletableFuture<KlingEnvelope<RelayWire.Task>> advancedTask(@Path("task_id") String taskId);

  @Paid
  @POST("kling/v1/videos/lip-sync")
  CompletableFuture<KlingEnvelope<RelayWire.Task>> createLegacy(@Body LegacyWire.Request body);

  /** CometAPI's "Individual queries (videos)" for tasks of the older lip-sync endpoint. */
  @GET("kling/v1/videos/lip-sync/{task_id}")
  CompletableFuture<KlingEnvelope<RelayWire.Task>> legacyTask(@Path("task_id") String taskId);
}
