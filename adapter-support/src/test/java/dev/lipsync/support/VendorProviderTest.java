package dev.lipsync.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.lipsync.core.error.InvalidRequestException;
import dev.lipsync.core.error.NotFoundException;
import dev.lipsync.core.error.NotSupportedException;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.Face;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.TaskSnapshot;
import dev.lipsync.core.model.TaskState;
import dev.lipsync.core.model.VideoSource;
import dev.lipsync.core.model.VoiceLanguage;
import dev.lipsync.core.provider.Capabilities;
import dev.lipsync.core.provider.Pricing;
import dev.lipsync.core.provider.ResolvedDub;
import dev.lipsync.core.provider.SubmitRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class VendorProviderTest {
  private static final String KEY = "sk-provider-2c9e4f";
  private static final VideoSource VIDEO = VideoSource.url("https://cdn.example.com/v.mp4");
  private static final Face FACE = Face.of("f-1");
  private static final Capabilities AUDIO_URLS_ONLY = Capabilities.builder()
      .mode(Capabilities.Mode.builder("advanced")
          .videos(VideoSource.VideoKind.URL, VideoSource.VideoKind.VENDOR_VIDEO)
          .audio(AudioSource.AudioKind.URL)
          .maxFaces(1)
          .faceChoosing(Capabilities.FaceChoosing.BY_ID)
          .build())
      .build();

  /** An adapter as the type's documentation shows one: its hooks record what reached them. */
  static final class AcmeProvider extends VendorProvider {
    final List<String> calls = new ArrayList<>();
    final List<Capabilities.Mode> modes = new ArrayList<>();

    AcmeProvider(VendorBuilderTest.AcmeBuilder builder) {
      super(builder, AUDIO_URLS_ONLY);
    }

    @Override
    protected CompletableFuture<FaceSession> identify(VideoSource video) {
      calls.add("identify");
      return CompletableFuture.completedFuture(new FaceSession(id(), "s-1", video, List.of(FACE)));
    }

    @Override
    protected CompletableFuture<TaskRef> create(Capabilities.Mode mode, SubmitRequest request) {
      calls.add("create");
      modes.add(mode);
      if (request.idempotencyKey() != null && request.idempotencyKey().equals("unsayable")) {
        throw new NotSupportedException(id(), "the mapper cannot say this");
      }
      return CompletableFuture.completedFuture(new TaskRef(id(), "t-1"));
    }

    @Override
    protected CompletableFuture<TaskSnapshot> query(TaskRef ref) {
      calls.add("query");
      return CompletableFuture.completedFuture(TaskSnapshot.builder(ref, TaskState.RUNNING).build());
    }

    @Override
    public TaskSnapshot parseCallback(String body) {
      throw new UnsupportedOperationException();
    }
  }

  private final AcmeProvider acme = new AcmeProvider(new VendorBuilderTest.AcmeBuilder().apiKey(KEY)
      .baseUrl("http://127.0.0.1:8089").pricing(Pricing.of("0.002", "0.02")));

  private static SubmitRequest request(String vendor, AudioSource audio, String key) {
    FaceSession session = new FaceSession(vendor, "s-1", VIDEO, List.of(FACE));
    return new SubmitRequest(session, List.of(ResolvedDub.of(Dub.of(audio), FACE)), null, key);
  }

  private static Throwable failure(CompletableFuture<?> future) {
    assertThat(future).isCompletedExceptionally();
    try {
      future.get();
      throw new AssertionError("not failed");
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void should_take_id_capabilities_and_price_from_profile_and_builder() {
    assertThat(acme.id()).isEqualTo("acme");
    assertThat(acme.capabilities()).isSameAs(AUDIO_URLS_ONLY);
    assertThat(acme.pricing()).isEqualTo(Pricing.of("0.002", "0.02"));
    assertThat(acme.http().baseUrl()).hasToString("http://127.0.0.1:8089/");
  }

  @Test
  void should_hand_its_own_calls_to_the_adapter_with_the_mode_that_serves_them() {
    assertThat(acme.identifyFaces(VIDEO)).isCompleted();
    assertThat(acme.submit(request("acme", AudioSource.url("https://cdn.example.com/a.mp3"), "k"))).isCompleted();
    assertThat(acme.status(new TaskRef("acme", "t-1"))).isCompleted();

    assertThat(acme.calls).containsExactly("identify", "create", "query");
    assertThat(acme.modes).extracting(Capabilities.Mode::name).containsExactly("advanced");
  }

  @Test
  void should_refuse_another_vendor_s_session_task_and_video_sending_nothing() {
    Throwable session = failure(acme.submit(request("other", AudioSource.url("https://cdn.example.com/a.mp3"), "k")));
    Throwable task = failure(acme.status(new TaskRef("other", "t-1")));
    Throwable video = failure(acme.identifyFaces(VideoSource.vendorVideo("v-1").at("other")));

    assertThat(session).isInstanceOf(InvalidRequestException.class).hasMessageContaining("session.vendor");
    assertThat(task).isInstanceOf(NotFoundException.class).hasMessageContaining("other:t-1");
    assertThat(video).isInstanceOf(NotSupportedException.class).hasMessageContaining("valid only at other");
    assertThat(acme.calls).isEmpty();
  }

  @Test
  void should_refuse_a_request_no_mode_serves_sending_nothing() {
    SubmitRequest text = request("acme", AudioSource.speech("hello", "v-1", VoiceLanguage.EN), "k");

    assertThat(failure(acme.submit(text))).isInstanceOf(NotSupportedException.class);
    assertThat(acme.calls).isEmpty();
  }

  @Test
  void should_fail_the_future_with_an_error_the_adapter_throws_before_its_call() {
    Throwable error = failure(acme.submit(request("acme", AudioSource.url("https://cdn.example.com/a.mp3"), "unsayable")));

    assertThat(error).isInstanceOf(NotSupportedException.class).hasMessageContaining("cannot say this");
  }

  @Test
  void should_name_provider_vendor_and_base_url_never_the_key() {
    assertThat(acme.toString()).isEqualTo("AcmeProvider[acme at http://127.0.0.1:8089/]").doesNotContain(KEY);
  }

  @Test
  void should_need_a_key() {
    assertThatIllegalStateException().isThrownBy(() -> new AcmeProvider(new VendorBuilderTest.AcmeBuilder()))
        .withMessage("API key required.");
  }
}
