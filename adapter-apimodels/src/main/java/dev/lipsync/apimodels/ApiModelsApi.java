package dev.lipsync.apimodels;

import dev.lipsync.support.Paid;
import java.util.concurrent.CompletableFuture;
import retrofit2.http.Body;
import retrofit2.http.GET;
import retrofit2.http.POST;
import retrofit2.http.Query;

/** apimodels' one endpoint, as Retrofit calls. */
interface ApiModelsApi {

  /**
   * Creates an identify task. Not {@link Paid}: repeating one after a lost answer costs one cheap
   * identification and creates nothing that could be delivered twice.
   */
  @POST(ApiModelsFields.PATH)
  CompletableFuture<Envelope> identify(@Body IdentifyRequest request);

  /** Creates a lip-sync task: the paid call, never repeated by the adapter. */
  @Paid
  @POST(ApiModelsFields.PATH)
  CompletableFuture<Envelope> submit(@Body LipSyncRequest request);

  /** Asks how a task of either kind stands. */
  @GET(ApiModelsFields.PATH)
  CompletableFuture<Envelope> task(@Query(ApiModelsFields.TASK_ID) String taskId);
}
