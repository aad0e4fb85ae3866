package dev.lipsync.benchmarks;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import java.util.Map;

/** How the raw baselines read a vendor's JSON: Moshi, into maps, as an application would by hand. */
final class RawJson {
  static final JsonAdapter<Map<String, Object>> MAP =
      new Moshi.Builder().build().adapter(Types.newParameterizedType(Map.class, String.class, Object.class));

  private RawJson() {}
}
