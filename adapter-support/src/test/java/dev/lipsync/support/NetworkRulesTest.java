package dev.lipsync.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class NetworkRulesTest {

  @ParameterizedTest(name = "{0} private: {1}")
  @CsvSource({
    "10.0.0.1, true", "10.255.255.255, true", "172.16.0.1, true", "172.31.255.1, true", "172.32.0.1, false",
    "192.168.1.20, true", "100.64.0.1, true", "100.127.255.1, true", "100.128.0.1, false",
    "169.254.169.254, true", "0.0.0.0, true", "fe80::1, true", "fc00::1, true", "fd12:3456::1, true",
    "::, true", "127.0.0.1, false", "::1, false", "8.8.8.8, false", "2001:db8::1, false", "93.184.216.34, false",
  })
  void should_tell_addresses_inside_the_applications_network(String address, boolean isPrivate)
      throws UnknownHostException {
    assertThat(NetworkRules.isPrivate(InetAddress.getByName(address))).isEqualTo(isPrivate);
  }

  @Test
  void should_judge_loopback_by_address_and_never_look_up_another_name() {
    assertThat(NetworkRules.isLoopback("127.0.0.1")).isTrue();
    assertThat(NetworkRules.isLoopback("127.9.9.9")).isTrue();
    assertThat(NetworkRules.isLoopback("[::1]")).isTrue();
    assertThat(NetworkRules.isLoopback("localhost")).isTrue();
    assertThat(NetworkRules.isLoopback("evil.localhost")).isFalse();
    assertThat(NetworkRules.isLoopback("10.0.0.1")).isFalse();
    assertThat(NetworkRules.isLoopback("example.com")).isFalse();
  }

  @Test
  void should_say_why_a_url_may_not_be_fetched() {
    assertThat(NetworkRules.check(HttpUrl.get("https://cdn.example.com/v.mp4"), false)).isNull();
    assertThat(NetworkRules.check(HttpUrl.get("http://127.0.0.1:8080/v.mp4"), false)).isNull();
    assertThat(NetworkRules.check(HttpUrl.get("https://10.0.0.1/v.mp4"), false))
        .isEqualTo("is an address in a private network (10.0.0.1), refused unless private networks are allowed");
    assertThat(NetworkRules.check(HttpUrl.get("https://10.0.0.1/v.mp4"), true)).isNull();
    assertThat(NetworkRules.check(HttpUrl.get("https://[fd00::7]/v.mp4"), false)).contains("private network");
    assertThat(NetworkRules.check(HttpUrl.get("http://evil.localhost:9/v.mp4"), true))
        .startsWith("uses plain http");
  }

  @Test
  void should_refuse_a_name_resolving_into_a_private_network_before_connecting() throws UnknownHostException {
    List<String> asked = new ArrayList<>();
    Dns rebinding = host -> {
      asked.add(host);
      return List.of(InetAddress.getByName("93.184.216.34"), InetAddress.getByName("169.254.169.254"));
    };

    assertThatThrownBy(() -> NetworkRules.dns(rebinding, false).lookup("cdn.example.com"))
        .isInstanceOf(UnknownHostException.class)
        .hasMessage("cdn.example.com resolves to an address in a private network (169.254.169.254), refused"
            + " unless private networks are allowed");
    assertThat(NetworkRules.dns(rebinding, true).lookup("cdn.example.com")).hasSize(2);
    assertThat(asked).containsExactly("cdn.example.com", "cdn.example.com");
  }
}
