package dev.lipsync.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.core.gateway.PictureFetcher;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FacePictureFetcherTest {
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D',
      'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, (byte) 0xc4, (byte) 0x89};

  private final MockWebServer server = new MockWebServer();
  private final FacePictureFetcher fetcher = new FacePictureFetcher();

  @BeforeEach
  void start() throws IOException {
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static MockResponse picture(String contentType, byte[] data) {
    return new MockResponse.Builder().code(200).setHeader("Content-Type", contentType)
        .body(new Buffer().write(data)).build();
  }

  private URI url(String path) {
    return server.url(path).uri();
  }

  private static byte[] bytesOf(CompletableFuture<byte[]> answer) throws Exception {
    return answer.get(10, TimeUnit.SECONDS);
  }

  private static String failureOf(CompletableFuture<byte[]> answer) throws Exception {
    try {
      answer.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause().getMessage();
    }
    throw new AssertionError("expected no picture");
  }

  @Test
  void should_be_the_fetcher_the_gateway_finds() {
    assertThat(PictureFetcher.discovered()).isInstanceOf(FacePictureFetcher.class);
  }

  @Test
  void should_give_the_bytes_of_a_picture_exactly_and_send_no_credentials() throws Exception {
    server.enqueue(picture("image/png", PNG));

    assertThat(bytesOf(fetcher.fetch(url("/faces/f1.png")))).isEqualTo(PNG);
    var request = server.takeRequest();
    assertThat(request.getUrl().encodedPath()).isEqualTo("/faces/f1.png");
    assertThat(request.getHeaders().get("Authorization")).isNull();
    assertThat(request.getHeaders().get("Cookie")).isNull();
  }

  @Test
  void should_take_an_opaque_octet_stream_and_any_image_type() throws Exception {
    server.enqueue(picture("application/octet-stream", PNG));
    server.enqueue(picture("image/jpeg; charset=binary", PNG));

    assertThat(bytesOf(fetcher.fetch(url("/a")))).isEqualTo(PNG);
    assertThat(bytesOf(fetcher.fetch(url("/b")))).isEqualTo(PNG);
  }

  @Test
  void should_say_what_the_server_answered_naming_the_url() throws Exception {
    server.enqueue(new MockResponse.Builder().code(404).build());

    assertThat(failureOf(fetcher.fetch(url("/faces/gone.png"))))
        .isEqualTo(server.url("/faces/gone.png").toString() + " answered HTTP 404");
  }

  @Test
  void should_refuse_an_answer_that_is_no_image_naming_its_type() throws Exception {
    server.enqueue(picture("text/html; charset=utf-8", "<html>login</html>".getBytes()));
    server.enqueue(new MockResponse.Builder().code(200).body(new Buffer().write(PNG)).build());

    assertThat(failureOf(fetcher.fetch(url("/f.png"))))
        .contains("/f.png").contains("content type text/html is not an image");
    assertThat(failureOf(fetcher.fetch(url("/g.png"))))
        .contains("/g.png").contains("no content type");
  }

  @Test
  void should_refuse_a_picture_whose_length_is_announced_above_the_cap() throws Exception {
    FacePictureFetcher small = new FacePictureFetcher(VendorHttp.sharedClient(), 16);
    server.enqueue(picture("image/png", new byte[17]));

    assertThat(failureOf(small.fetch(url("/big.png"))))
        .contains("/big.png holds 17 bytes, more than the 16 bytes allowed for a face picture");
  }

  @Test
  void should_stop_reading_a_chunked_picture_past_the_cap() throws Exception {
    FacePictureFetcher small = new FacePictureFetcher(VendorHttp.sharedClient(), 16);
    server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "image/png")
        .chunkedBody(new Buffer().write(new byte[64]), 8).build());
    server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "image/png")
        .chunkedBody(new Buffer().write(new byte[16]), 8).build());

    assertThat(failureOf(small.fetch(url("/big.png"))))
        .contains("/big.png holds more than 16 bytes, more than the 16 bytes allowed for a face picture");
    assertThat(bytesOf(small.fetch(url("/just.png")))).hasSize(16);
  }

  @Test
  void should_never_show_the_query_which_may_be_a_secret() throws Exception {
    server.enqueue(new MockResponse.Builder().code(403).build());

    String why = failureOf(fetcher.fetch(url("/faces/f.png?X-Amz-Signature=s3cret&token=t0ken")));

    assertThat(why).contains("/faces/f.png answered HTTP 403").doesNotContain("s3cret").doesNotContain("t0ken")
        .doesNotContain("?");
  }

  @Test
  void should_refuse_plain_http_beyond_loopback_and_private_addresses_before_any_call() throws Exception {
    assertThat(failureOf(fetcher.fetch(URI.create("http://example.com/x.png?sig=s3cret"))))
        .startsWith("http://example.com/x.png ").contains("plain http").contains("use https")
        .doesNotContain("s3cret");
    assertThat(failureOf(fetcher.fetch(URI.create("https://10.0.0.1/x.png"))))
        .startsWith("https://10.0.0.1/x.png ").contains("an address in a private network (10.0.0.1)");
    assertThat(failureOf(fetcher.fetch(URI.create("ftp://cdn.example/x.png"))))
        .contains("the picture URL is not an http URL");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void should_follow_a_few_redirects_but_no_more() throws Exception {
    for (int i = 0; i < UntrustedFetch.MAX_REDIRECTS; i++) {
      server.enqueue(new MockResponse.Builder().code(302).setHeader("Location", "/hop" + (i + 1)).build());
    }
    server.enqueue(picture("image/png", PNG));

    assertThat(bytesOf(fetcher.fetch(url("/hop0")))).isEqualTo(PNG);
    assertThat(server.getRequestCount()).isEqualTo(UntrustedFetch.MAX_REDIRECTS + 1);

    for (int i = 0; i <= UntrustedFetch.MAX_REDIRECTS; i++) {
      server.enqueue(new MockResponse.Builder().code(302).setHeader("Location", "/loop" + (i + 1)).build());
    }
    server.enqueue(picture("image/png", PNG));

    assertThat(failureOf(fetcher.fetch(url("/loop0"))))
        .contains("/loop0 was redirected more than 5 times, which is not followed");
    assertThat(server.getRequestCount()).as("the sixth redirect was not followed")
        .isEqualTo(2 * (UntrustedFetch.MAX_REDIRECTS + 1));
  }

  @Test
  void should_not_follow_a_redirect_to_another_host_or_port_as_a_result_download_would_not() throws Exception {
    try (MockWebServer elsewhere = new MockWebServer()) {
      elsewhere.start(InetAddress.getLoopbackAddress(), 0);
      elsewhere.enqueue(picture("image/png", PNG));
      server.enqueue(new MockResponse.Builder().code(302)
          .setHeader("Location", elsewhere.url("/other.png").toString()).build());

      assertThat(failureOf(fetcher.fetch(url("/moved.png"))))
          .contains("/moved.png was redirected, and a redirect to another port (" + elsewhere.getPort()
              + ") is not followed");
      assertThat(elsewhere.getRequestCount()).as("nothing was asked where it led").isZero();
    }
  }

  @Test
  void should_not_follow_a_redirect_from_https_to_http() throws Exception {
    HeldCertificate certificate = new HeldCertificate.Builder().addSubjectAlternativeName("localhost").build();
    HandshakeCertificates trusting = new HandshakeCertificates.Builder()
        .addTrustedCertificate(certificate.certificate()).build();
    OkHttpClient client = new OkHttpClient.Builder()
        .sslSocketFactory(trusting.sslSocketFactory(), trusting.trustManager()).build();
    try (MockWebServer secure = new MockWebServer()) {
      secure.useHttps(new HandshakeCertificates.Builder().heldCertificate(certificate).build().sslSocketFactory());
      secure.start(InetAddress.getLoopbackAddress(), 0);
      secure.enqueue(new MockResponse.Builder().code(302)
          .setHeader("Location", server.url("/plain.png?sig=s3cret").toString()).build());
      secure.enqueue(picture("image/png", PNG));
      server.enqueue(picture("image/png", PNG));
      FacePictureFetcher trusted = new FacePictureFetcher(client);
      URI https = URI.create("https://localhost:" + secure.getPort() + "/f.png");

      String why = failureOf(trusted.fetch(https));

      assertThat(why).startsWith(https + " redirects from https to http://")
          .contains("/plain.png, which is not followed").doesNotContain("s3cret");
      assertThat(server.getRequestCount()).as("nothing was asked over plain http").isZero();
      // The same client does fetch over https: the refusal above is the redirect's, not the TLS set-up's.
      assertThat(bytesOf(trusted.fetch(https))).isEqualTo(PNG);
    }
  }

  @Test
  void should_cancel_the_call_when_the_answer_is_cancelled() throws Exception {
    CountDownLatch cancelled = new CountDownLatch(1);
    OkHttpClient client = new OkHttpClient.Builder().eventListener(new EventListener() {
      @Override
      public void canceled(Call call) {
        cancelled.countDown();
      }
    }).build();
    server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "image/png")
        .body(new Buffer().write(PNG)).build());

    CompletableFuture<byte[]> answer = new FacePictureFetcher(client).fetch(url("/slow.png"));
    answer.cancel(true);

    assertThat(cancelled.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(answer).isCancelled();
  }
}
