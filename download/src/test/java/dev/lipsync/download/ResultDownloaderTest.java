package dev.lipsync.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultDownloaderTest {
  private static final byte[] VIDEO = "\0\0\0\u0018ftypmp42 a short video".getBytes(StandardCharsets.ISO_8859_1);

  private final MockWebServer server = new MockWebServer();
  @TempDir Path dir;

  @BeforeEach
  void start() throws IOException {
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static MockResponse video(String contentType, byte[] bytes) {
    return new MockResponse.Builder().code(200).setHeader("Content-Type", contentType)
        .body(new Buffer().write(bytes)).build();
  }

  private URI url(String path) {
    return server.url(path).uri();
  }

  /** The files in the directory: a failed download leaves nothing, not even its temporary file. */
  private java.util.List<String> files() throws IOException {
    try (var list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void should_write_the_video_under_the_target_name_and_send_no_credentials() throws Exception {
    server.enqueue(video("video/mp4", VIDEO));
    Path target = dir.resolve("out.mp4");

    Path written = ResultDownloader.create().download(url("/results/1.mp4"), target);

    assertThat(written).isEqualTo(target);
    assertThat(Files.readAllBytes(target)).isEqualTo(VIDEO);
    assertThat(files()).containsExactly("out.mp4");
    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getHeaders().get("Authorization")).isNull();
  }

  @Test
  void should_accept_an_opaque_binary_answer() throws Exception {
    server.enqueue(video("application/octet-stream", VIDEO));
    Path target = dir.resolve("out.mp4");

    ResultDownloader.create().download(url("/v"), target);

    assertThat(Files.readAllBytes(target)).isEqualTo(VIDEO);
  }

  @Test
  void should_refuse_plain_http_to_a_host_other_than_loopback_without_sending() {
    assertThatThrownBy(() -> ResultDownloader.create()
            .download(URI.create("http://cdn.example.com/v.mp4"), dir.resolve("out.mp4")))
        .isInstanceOf(DownloadException.class)
        .hasMessageContaining("http://cdn.example.com/v.mp4")
        .hasMessageContaining("plain http, which is accepted only for a loopback host");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void should_refuse_a_name_ending_in_localhost_that_is_not_judged_loopback() {
    // Once treated as loopback by its name alone; its address is up to whoever answers for it.
    assertThatThrownBy(() -> ResultDownloader.create().download(
            URI.create("http://evil.localhost:" + server.getPort() + "/v.mp4"), dir.resolve("out.mp4")))
        .isInstanceOf(DownloadException.class)
        .hasMessageContaining("plain http, which is accepted only for a loopback host");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void should_refuse_a_result_url_in_a_private_network_unless_allowed() throws Exception {
    assertThatThrownBy(() -> ResultDownloader.create()
            .download(URI.create("https://10.0.0.1/results/v.mp4"), dir.resolve("out.mp4")))
        .isInstanceOf(DownloadException.class)
        .hasMessageContaining("https://10.0.0.1/results/v.mp4")
        .hasMessageContaining("is an address in a private network (10.0.0.1), refused unless private networks"
            + " are allowed");
    // A name the client resolves into the private network is refused before any connection.
    okhttp3.OkHttpClient internal = new okhttp3.OkHttpClient.Builder()
        .dns(host -> java.util.List.of(InetAddress.getByName("192.168.7.7")))
        .build();
    assertThatThrownBy(() -> ResultDownloader.builder().client(internal).build()
            .download(URI.create("https://cdn.vendor.example/v.mp4"), dir.resolve("out.mp4")))
        .isInstanceOf(DownloadException.class)
        .hasMessageContaining("cdn.vendor.example resolves to an address in a private network (192.168.7.7)");
    assertThat(files()).isEmpty();
  }

  @Test
  void should_not_follow_a_redirect_to_another_port_of_the_same_host() throws Exception {
    try (MockWebServer other = new MockWebServer()) {
      other.start(InetAddress.getLoopbackAddress(), 0);
      other.enqueue(video("video/mp4", VIDEO));
      String elsewhere = "http://" + server.url("/").host() + ":" + other.getPort() + "/v.mp4";
      server.enqueue(new MockResponse.Builder().code(302).setHeader("Location", elsewhere).build());

      assertThatThrownBy(() -> ResultDownloader.create().download(url("/v"), dir.resolve("out.mp4")))
          .isInstanceOf(DownloadException.class)
          .hasMessageContaining("a redirect to another port (" + other.getPort() + ") is not followed");
      assertThat(other.getRequestCount()).isZero();
      assertThat(files()).isEmpty();
    }
  }

  @Test
  void should_refuse_a_page_that_is_not_a_video_and_keep_the_old_file() throws Exception {
    Path target = dir.resolve("out.mp4");
    Files.writeString(target, "the previous video");
    server.enqueue(video("text/html; charset=utf-8", "<html>Access denied</html>".getBytes(StandardCharsets.UTF_8)));

    assertThatThrownBy(() -> ResultDownloader.create().download(url("/v"), target))
        .isInstanceOf(DownloadException.class)
        .hasMessageContaining("content type text/html; charset=utf-8 is not a video");
    assertThat(Files.readString(target)).isEqualTo("the previous video");
    assertThat(files()).containsExactly("out.mp4");
  }

  @Test
  void should_refuse_an_announced_size_over_the_cap() throws Exception {
    server.enqueue(video("video/mp4", new byte[101]));

    assertThatThrownBy(() -> ResultDownloader.builder().maxBytes(100).build().download(url("/v"), dir.resolve("out.mp4")))
        .isInstanceOf(DownloadException.class)
        .hasMessageContaining("101 bytes announced, more than the cap of 100");
    assertThat(files()).isEmpty();
  }

  @Test
  void should_stop_reading_an_unannounced_body_at_the_cap_and_leave_no_partial_file() throws Exception {
    // Chunked: no Content-Length, so only counting the bytes read can enforce the cap.
    server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "video/mp4")
        .chunkedBody(new Buffer().write(new byte[10_000]), 1_000).build());

    assertThatThrownBy(() -> ResultDownloader.builder().maxBytes(4_096).build().download(url("/v"), dir.resolve("out.mp4")))
        .isInstanceOf(DownloadException.class)
        .hasMessageContaining("more than the cap of 4096 bytes");
    assertThat(files()).isEmpty();
  }

  @Test
  void should_name_the_status_of_a_refused_download() {
    server.enqueue(new MockResponse.Builder().code(404).build());

    assertThatThrownBy(() -> ResultDownloader.create().download(url("/gone.mp4"), dir.resolve("out.mp4")))
        .isInstanceOf(DownloadException.class)
        .hasMessageContaining("/gone.mp4")
        .hasMessageEndingWith("HTTP 404");
  }

  @Test
  void should_follow_a_redirect_on_the_same_host() throws Exception {
    server.enqueue(new MockResponse.Builder().code(302).setHeader("Location", "/signed/1.mp4?sig=abc").build());
    server.enqueue(video("video/mp4", VIDEO));
    Path target = dir.resolve("out.mp4");

    ResultDownloader.create().download(url("/results/1.mp4"), target);

    assertThat(Files.readAllBytes(target)).isEqualTo(VIDEO);
    server.takeRequest();
    assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/signed/1.mp4");
  }

  @Test
  void should_not_follow_a_redirect_to_another_host() throws Exception {
    // "localhost" and "127.0.0.1" reach the same server but are different hosts to the rule.
    String host = server.url("/").host().equals("localhost") ? "127.0.0.1" : "localhost";
    String elsewhere = "http://" + host + ":" + server.getPort() + "/v.mp4";
    server.enqueue(new MockResponse.Builder().code(302).setHeader("Location", elsewhere).build());

    assertThatThrownBy(() -> ResultDownloader.create().download(url("/v"), dir.resolve("out.mp4")))
        .isInstanceOf(DownloadException.class)
        .hasMessageContaining("a redirect to another host (" + host + ") is not followed");
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(files()).isEmpty();
  }

  @Test
  void should_not_follow_a_redirect_from_https_to_http() throws Exception {
    URI original = URI.create("https://cdn.example.com/v.mp4");
    HttpUrl from = HttpUrl.get(original.toString());

    assertThatThrownBy(() -> ResultDownloader.redirectTarget(original, from, "http://cdn.example.com/v.mp4"))
        .isInstanceOf(DownloadException.class)
        .hasMessageContaining("a redirect from https to http is not followed");
    assertThat(ResultDownloader.redirectTarget(original, from, "/other.mp4").toString())
        .isEqualTo("https://cdn.example.com/other.mp4");
  }

  @Test
  void should_stop_after_too_many_redirects() {
    for (int i = 0; i <= ResultDownloader.MAX_REDIRECTS; i++) {
      server.enqueue(new MockResponse.Builder().code(302).setHeader("Location", "/again").build());
    }

    assertThatThrownBy(() -> ResultDownloader.create().download(url("/v"), dir.resolve("out.mp4")))
        .isInstanceOf(DownloadException.class)
        .hasMessageContaining("more than 5 redirects");
  }

  @Test
  void should_check_its_settings() {
    assertThatThrownBy(() -> ResultDownloader.builder().maxBytes(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxBytes: 0 must be positive");
  }
}
