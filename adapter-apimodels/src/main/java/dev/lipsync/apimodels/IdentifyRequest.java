package dev.lipsync.apimodels;

import com.squareup.moshi.Json;

/** The body that creates an identify task. */
final class IdentifyRequest {
  @Json(name = ApiModelsFields.MODEL)
  String model;

  @Json(name = ApiModelsFields.VIDEO_URL)
  String videoUrl;

  IdentifyRequest(String videoUrl) {
    this.model = ApiModelsFields.IDENTIFY_MODEL;
    this.videoUrl = videoUrl;
  }
}
