package dev.lipsync.core.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.Face;
import org.junit.jupiter.api.Test;

class ResolvedDubTest {
  private static final AudioSource AUDIO = AudioSource.url("https://example.com/a.mp3");
  private static final Face APPEARS_AT_2S = new Face("1", 2_000L, 9_000L, null, null);

  @Test
  void should_insert_where_the_job_says() {
    ResolvedDub dub = ResolvedDub.of(Dub.builder().audio(AUDIO).insertAtMs(750).build(), APPEARS_AT_2S);

    assertThat(dub.insertAtMsOrDefault()).isEqualTo(750);
  }

  @Test
  void should_insert_where_the_face_first_appears_when_the_job_does_not_say() {
    assertThat(ResolvedDub.of(Dub.of(AUDIO), APPEARS_AT_2S).insertAtMsOrDefault()).isEqualTo(2_000);
  }

  @Test
  void should_insert_at_the_start_when_nothing_says_where() {
    assertThat(ResolvedDub.of(Dub.of(AUDIO), Face.of("0")).insertAtMsOrDefault()).isZero();
  }
}
