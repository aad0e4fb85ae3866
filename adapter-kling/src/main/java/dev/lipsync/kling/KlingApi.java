package dev.lipsync.kling;

import dev.lipsync.support.Paid;
import dev.lipsync.support.upstream.AdvancedWire;
import dev.lipsync.support.upstream.IdentifyWire;
import dev.lipsync.support.upstream.KlingEnvelope;
import dev.lipsync.support.upstream.TaskWire;
import java.util.concurrent.CompletableFuture;
import retrofit2.http.Body;
import retrofit2.http.GET;
import retrofit2.http.POST;
import retrofit2.http.Path;

/**
 * Kling's lip-sync and text-to-speech endpoints: the upstream paths, without the {@code /kling} prefix
 * resellers add.
 */
interface KlingApi {

  @POST("v1/videos/identify-face")
  CompletableFuture<KlingEnvelope<IdentifyWire.Session>> identifyFace(@Body IdentifyWire.Request body);

  @Paid
  @POST("v1/videos/advanced-lip-sync")
  CompletableFuture<KlingEnvelope<TaskWire.Task>> createAdvanced(
      @Body AdvancedWire.Request<AdvancedWire.FaceChoose> body);

  /** Text to speech: the audio at once, or a speech task to ask {@link #speechTask} about. */
  @POST("v1/audio/tts")
  CompletableFuture<KlingEnvelope<SpeechWire.Task>> speak(@Body SpeechWire.Request body);

  @GET("v1/audio/tts/{task_id}")
  CompletableFuture<KlingEnvelope<SpeechWire.Task>> speechTask(@Path("task_id") String taskId);

  @GET("v1/videos/advanced-lip-sync/{task_id}")
  CompletableFuture<KlingEnvelope<TaskWire.Task>> advancedTask(@Path("task_id") String taskId);
}
