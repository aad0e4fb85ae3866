package dev.lipsync.alad;

import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.Face;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.provider.LipSyncProvider;
import dev.lipsync.core.provider.ResolvedDub;
import dev.lipsync.core.provider.SubmitRequest;
import dev.lipsync.testkit.ReaderFuzzContract;
import java.util.List;
import okhttp3.OkHttpClient;

/**
 * alad's readers against generated answers (random JSON, and mutations of the documented payloads in
 * {@code src/test/resources/alad/}, both status shapes included), as {@link ReaderFuzzContract} says.
 */
class AladReaderFuzzTest extends ReaderFuzzContract {
  private static final Face FACE = Face.of("0");
  private static final SubmitRequest SUBMIT = new SubmitRequest(Fixtures.session(FACE),
      List.of(ResolvedDub.of(Dub.of(AudioSource.url("https://example.com/speech.mp3")), FACE)), null, "k");

  @Override
  protected String sampleFolder() {
    return "alad";
  }

  @Override
  protected List<Integer> errorStatuses() {
    return List.of(400, 401, 402, 404, 429, 500, 502, 503, 504);
  }

  @Override
  protected LipSyncProvider createProvider(String baseUrl, OkHttpClient client) {
    return AladProvider.builder()
        .apiKey(Fixtures.KEY)
        .baseUrl(baseUrl)
        .requestTimeout(REQUEST_TIMEOUT)
        .client(client)
        .build();
  }

  @Override
  protected Calls calls() {
    return new Calls(Fixtures.VIDEO, SUBMIT, new TaskRef("alad", "842250903629086785"));
  }
}
