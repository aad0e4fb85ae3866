package dev.lipsync.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lipsync.core.error.UnavailableException;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import retrofit2.http.GET;

/**
 * The transport rules: TLS is verified (a certificate nobody vouches for is refused before the key is
 * sent), and only https reaches a host other than loopback.
 */
class TransportSecurityTest {
  private static final String KEY = "sk-transport-test-key";

  interface Api {
    @GET("v1/ping")
    CompletableFuture<Object> ping();
  }

  private final HeldCertificate certificate = new HeldCertificate.Builder()
      .addSubjectAlternativeName("localhost")
      .build();
  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void start() throws IOException {
    server.useHttps(new HandshakeCertificates.Builder().heldCertificate(certificate).build().sslSocketFactory());
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Api api(VendorHttp.Builder builder) {
    return builder.apiKey(ApiKey.of(KEY)).baseUrl("https://localhost:" + server.getPort() + "/").build()
        .create(Api.class);
  }

  @Test
  void should_refuse_a_certificate_nobody_vouches_for_before_sending_anything() {
    server.enqueue(new MockResponse.Builder().code(200).body("{}").build());

    assertThat(api(VendorHttp.builder("acme")).ping()).failsWithin(Duration.ofSeconds(10))
        .withThrowableOfType(ExecutionException.class)
        .havingCause().isInstanceOf(UnavailableException.class)
        .withMessageContaining("could not connect")
        .withMessageContaining("SSL");
    assertThat(server.getRequestCount()).as("no request, so no key, went over the unverified connection").isZero();
  }

  @Test
  void should_talk_to_a_host_whose_certificate_is_trusted() throws Exception {
    HandshakeCertificates trusting = new HandshakeCertificates.Builder()
        .addTrustedCertificate(certificate.certificate())
        .build();
    OkHttpClient client = new OkHttpClient.Builder()
        .sslSocketFactory(trusting.sslSocketFactory(), trusting.trustManager())
        .build();
    server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body("{}").build());

    api(VendorHttp.builder("acme").client(client)).ping().get();

    assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
  }

  @Test
  void should_refuse_plain_http_to_any_host_but_loopback() {
    assertThatThrownBy(() -> VendorHttp.builder("acme").baseUrl("http://api.example.com/"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("plain http, which is accepted only for a loopback host");
  }
}
