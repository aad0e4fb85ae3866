package dev.lipsync.apimodels;

import dev.lipsync.support.Paid;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import retrofit2.http.Body;
import retrofit2.http.GET;
import retrofit2.http.POST;
import retrofit2.http.QueryMap;
import retrofit2.http.Url;

/**
 * apimodels' one endpoint, as Retrofit calls. Its path and the query's name depend on the provider's
 * variant, so they are arguments rather than annotations; {@link ApiModelsEndpoint} passes them.
 */
interface ApiModelsApi {

  /**
   * Creates an identify task. Not {@link Paid}: repeating one after a lost answer costs one cheap
   * identification and creates nothing that could be delivered twice.
   */
  @POST
  CompletableFuture<Envelope> identify(@Url String path, @Body IdentifyRequest request);

  /** Creates a lip-sync task: the paid call, never repeated by the adapter. */
  @Paid
  @POST
  CompletableFuture<Envelope> submit(@Url String path, @Body LipSyncRequest request);

  /** Asks how a task of either kind stands. */
  @GET
  CompletableFuture<Envelope> task(@Url String path, @QueryMap Map<String, String> query);
}
