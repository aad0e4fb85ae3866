package dev.lipsync.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.core.gateway.AudioProbe;
import dev.lipsync.core.model.AudioFormat;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.testkit.SampleAudio;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AudioLengthsTest {
  private final MockWebServer server = new MockWebServer();
  private final AudioLengths probe = new AudioLengths();

  @BeforeEach
  void start() throws IOException {
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static MockResponse file(String contentType, byte[] data) {
    return new MockResponse.Builder().code(200).setHeader("Content-Type", contentType)
        .body(new Buffer().write(data)).build();
  }

  private static Duration lengthOf(CompletableFuture<Duration> answer) throws Exception {
    return answer.get(10, TimeUnit.SECONDS);
  }

  private static String failureOf(CompletableFuture<Duration> answer) throws Exception {
    try {
      answer.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause().getMessage();
    }
    throw new AssertionError("expected no length");
  }

  @Test
  void should_be_the_probe_the_gateway_finds() {
    assertThat(AudioProbe.discovered()).isInstanceOf(AudioLengths.class);
  }

  @Test
  void should_read_the_length_of_audio_given_as_bytes() throws Exception {
    assertThat(lengthOf(probe.lengthOf(AudioSource.bytes(SampleAudio.wav(Duration.ofMillis(3_500)), AudioFormat.WAV))))
        .isEqualTo(Duration.ofMillis(3_500));
    assertThat(lengthOf(probe.lengthOf(AudioSource.bytes(SampleAudio.mp3(Duration.ofSeconds(10)), AudioFormat.MP3))))
        .isBetween(Duration.ofMillis(9_975), Duration.ofMillis(10_025));
  }

  @Test
  void should_fetch_audio_at_a_url_and_read_its_length() throws Exception {
    server.enqueue(file("audio/mpeg", SampleAudio.mp3(Duration.ofSeconds(7))));

    Duration length = lengthOf(probe.lengthOf(AudioSource.url(server.url("/media/line.mp3?sig=s3cret").toString())));

    assertThat(length).isBetween(Duration.ofMillis(6_975), Duration.ofMillis(7_025));
    assertThat(server.takeRequest().getHeaders().get("Authorization")).isNull();
  }

  @Test
  void should_tell_the_format_by_the_content_type_when_the_name_does_not() throws Exception {
    server.enqueue(file("audio/x-wav", SampleAudio.wav(Duration.ofMillis(2_250))));

    assertThat(lengthOf(probe.lengthOf(AudioSource.url(server.url("/media/42").toString()))))
        .isEqualTo(Duration.ofMillis(2_250));
  }

  @Test
  void should_say_why_without_the_secret_query_when_the_file_is_no_audio() throws Exception {
    server.enqueue(file("audio/mpeg", "<html>not found</html>".getBytes()));

    String why = failureOf(probe.lengthOf(AudioSource.url(server.url("/media/line.mp3?sig=s3cret").toString())));

    assertThat(why).contains("/media/line.mp3").contains("not a readable mp3 file").doesNotContain("s3cret");
  }

  @Test
  void should_not_read_past_the_five_megabytes_kling_takes() throws Exception {
    server.enqueue(file("audio/mpeg", new byte[AudioSource.MAX_BYTES + 1]));

    assertThat(failureOf(probe.lengthOf(AudioSource.url(server.url("/big.mp3").toString()))))
        .contains("5242881 bytes").contains("more than the 5242880 bytes Kling takes");
  }

  @Test
  void should_say_what_the_server_answered() throws Exception {
    server.enqueue(new MockResponse.Builder().code(404).build());

    assertThat(failureOf(probe.lengthOf(AudioSource.url(server.url("/gone.mp3").toString()))))
        .contains("answered HTTP 404");
  }

  @Test
  void should_fetch_over_https_only_beyond_loopback() throws Exception {
    assertThat(failureOf(probe.lengthOf(AudioSource.url("http://audio.example.com/line.mp3"))))
        .contains("plain http").contains("use https");
    assertThat(failureOf(probe.lengthOf(AudioSource.url("https://192.168.0.9/line.mp3"))))
        .contains("an address in a private network (192.168.0.9)");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void should_have_no_length_for_speech() throws Exception {
    assertThat(failureOf(probe.lengthOf(AudioSource.vendorAudio("tts-1")))).contains("VENDOR_AUDIO");
  }
}
