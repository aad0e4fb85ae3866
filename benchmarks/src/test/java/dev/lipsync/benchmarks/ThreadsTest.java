package dev.lipsync.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.benchmarks.Threads.Owner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ThreadsTest {

  @ParameterizedTest
  @CsvSource({
      "lipsync-scheduler-1, LIBRARY",
      "OkHttp Dispatcher, HTTP_CLIENT",
      "OkHttp http://127.0.0.1:4711/..., HTTP_CLIENT",
      "OkHttp TaskRunner, HTTP_CLIENT",
      "Okio Watchdog, HTTP_CLIENT",
      "MockWebServer TaskRunner, SIMULATOR",
      "ForkJoinPool.commonPool-worker-1, SHARED_POOL",
      "main, HARNESS",
      "bench-thread-sampler, HARNESS",
      "Reference Handler, JVM"})
  void should_tell_who_owns_a_thread_by_its_name(String name, Owner owner) {
    assertThat(Threads.ownerOf(name)).isEqualTo(owner);
  }

  @ParameterizedTest
  @CsvSource({"LIBRARY, true", "HTTP_CLIENT, true", "SIMULATOR, false", "SHARED_POOL, false", "JVM, false"})
  void should_count_only_the_library_and_its_http_client_as_the_librarys(Owner owner, boolean librarys) {
    assertThat(owner.isLibrarys()).isEqualTo(librarys);
  }
}
