package dev.lipsync.kling;

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
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import okhttp3.OkHttpClient;

/**
 * Kling's readers against generated answers (random JSON, and mutations of the documented payloads in
 * {@code src/test/resources/kling/}), as {@link ReaderFuzzContract} says.
 */
class KlingReaderFuzzTest extends ReaderFuzzContract {
  private static final Face FACE = Face.of("0");
  private static final VideoSource VIDEO = VideoSource.url("https://example.com/v.mp4");
  private static final SubmitRequest SUBMIT = new SubmitRequest(
      new FaceSession("kling", "s-1", VIDEO, List.of(FACE)),
      List.of(ResolvedDub.of(Dub.builder().audio(AudioSource.url("https://example.com/a.mp3")).clip(0, 5_000).build(), FACE)),
      null, "key-1");

  @Override
  protected String sampleFolder() {
    return "kling";
  }

  /**
   * The documented answers, and of the error table's one file per code only two: otherwise the 21 error
   * answers would crowd out the few the readers must read into values.
   */
  @Override
  protected boolean isSample(String fileName) {
    return super.isSample(fileName)
        && (!fileName.startsWith("error-") || fileName.equals("error-401-1004.json") || fileName.equals("error-429-1303.json"));
  }

  @Override
  protected List<Integer> errorStatuses() {
    return List.of(400, 401, 403, 404, 429, 500, 503, 504);
  }

  @Override
  protected LipSyncProvider createProvider(String baseUrl, OkHttpClient client) {
    return KlingProvider.builder()
        .accessKey(TestSupport.ACCESS_KEY)
        .secretKey(TestSupport.SECRET_KEY)
        .clock(Clock.fixed(TestSupport.NOW, ZoneOffset.UTC))
        .baseUrl(baseUrl)
        .requestTimeout(REQUEST_TIMEOUT)
        .client(client)
        .build();
  }

  @Override
  protected Calls calls() {
    return new Calls(VIDEO, SUBMIT, new TaskRef("kling", "842250903629086785"));
  }
}
