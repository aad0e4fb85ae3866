package dev.lipsync.core.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lipsync.core.error.InvalidRequestException;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.VoiceLanguage;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SpokenAudioTest {

  @Test
  void should_name_audio_by_id_by_that_id_and_send_it_as_the_vendor_s_audio() {
    SpokenAudio audio = SpokenAudio.byId("audio-7", Duration.ofMillis(3_200), new BigDecimal("0.1"));

    assertThat(audio.reference()).isEqualTo("audio-7");
    assertThat(audio.audio()).isEqualTo(AudioSource.vendorAudio("audio-7"));
    assertThat(audio.described()).isEqualTo("audio audio-7");
  }

  @Test
  void should_name_audio_at_a_url_by_its_task_and_send_it_as_an_audio_url() {
    SpokenAudio audio = SpokenAudio.atUrl("tts-9", "https://cdn.example.com/9.mp3", Duration.ofSeconds(2), null);

    assertThat(audio.reference()).isEqualTo("tts-9");
    assertThat(audio.audio()).isEqualTo(AudioSource.url("https://cdn.example.com/9.mp3"));
    assertThat(audio.described()).isEqualTo("audio at https://cdn.example.com/9.mp3");
  }

  @Test
  void should_refuse_what_no_lip_sync_can_take_as_spoken_audio() {
    AudioSource text = AudioSource.speech("Hi", "voice-1", VoiceLanguage.EN);

    assertThatThrownBy(() -> new SpokenAudio("tts-1", text, Duration.ofSeconds(2), null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("audio: SPEECH");
    assertThatThrownBy(() -> SpokenAudio.byId("audio-1", Duration.ZERO, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("length: PT0S must be positive");
    assertThatThrownBy(() -> SpokenAudio.byId(" ", Duration.ofSeconds(2), null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reference is blank");
    assertThatThrownBy(() -> SpokenAudio.atUrl("tts-1", "ftp://example.com/a.mp3", Duration.ofSeconds(2), null))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("ftp://example.com/a.mp3");
  }
}
