package dev.lipsync.cometapi;

import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.Face;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.VideoSource;
import dev.lipsync.core.provider.LipSyncProvider;
import dev.lipsync.core.provider.ResolvedDub;
import dev.lipsync.core.provider.SubmitRequest;
import dev.lipsync.testkit.ReaderFuzzContract;
import java.util.List;
import okhttp3.OkHttpClient;

/**
 * CometAPI's readers against generated answers (random JSON, and mutations of the documented payloads
 * in {@code src/test/resources/cometapi/}), as {@link ReaderFuzzContract} says.
 */
class CometApiReaderFuzzTest extends ReaderFuzzContract {
  private static final Face FACE = Face.of("0");
  private static final VideoSource VIDEO = VideoSource.url("https://example.com/v.mp4");
  private static final SubmitRequest SUBMIT = new SubmitRequest(
      new FaceSession("cometapi", "s-1", VIDEO, List.of(FACE)),
      List.of(ResolvedDub.of(Dub.builder().audio(AudioSource.url("https://example.com/a.mp3")).clip(0, 5_000).build(), FACE)), null, "key-1");

  @Override
  protected String sampleFolder() {
    return "cometapi";
  }

  @Override
  protected List<Integer> errorStatuses() {
    return List.of(400, 401, 404, 429, 500, 502, 504);
  }

  @Override
  protected LipSyncProvider createProvider(String baseUrl, OkHttpClient client) {
    return CometApiProvider.builder()
        .apiKey(TestSupport.KEY)
        .baseUrl(baseUrl)
        .requestTimeout(REQUEST_TIMEOUT)
        .client(client)
        .build();
  }

  @Override
  protected Calls calls() {
    return new Calls(VIDEO, SUBMIT, new TaskRef("cometapi", "842250903629086785"));
  }
}
