package dev.lipsync.support;

import dev.lipsync.core.gateway.AudioProbe;
import dev.lipsync.core.model.AudioFormat;
import dev.lipsync.core.model.AudioSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import org.jaudiotagger.audio.AudioFile;
import org.jaudiotagger.audio.AudioFileIO;
import org.jspecify.annotations.Nullable;

/**
 * The {@link AudioProbe} the gateway finds on the class path: an audio file's length from its header
 * (mp3, wav, m4a; raw aac has none to read), with jaudiotagger. Audio given as bytes is read as it is;
 * audio at a URL is fetched first: https only (plain http to a loopback host, for simulators), at most
 * the {@value AudioSource#MAX_BYTES} bytes Kling takes, without credentials, into a temporary file that
 * is deleted once read. The answer's failure says why a length is not known, without the URL's query.
 * Thread-safe.
 */
public final class AudioLengths implements AudioProbe {
  /**
   * jaudiotagger reports every chunk it reads at INFO through java.util.logging. Quietened to WARNING
   * unless the application set a level of its own; held here because java.util.logging keeps loggers
   * only weakly.
   */
  private static final Logger JAUDIOTAGGER = quietened(Logger.getLogger("org.jaudiotagger"));

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final UntrustedFetch fetch;

  /**
   * Fetches with the vendors' shared client (its pool and daemon threads), following at most five
   * redirects but never from https to http, for 30 s at most.
   */
  public AudioLengths() {
    this(VendorHttp.sharedClient());
  }

  /**
   * Fetches with {@code client}, e.g. one that shares the application's connection pool, following at
   * most five redirects but never from https to http, for 30 s at most, and never into a private network ({@link
   * NetworkRules}): the vendor must fetch the audio from where it is, so it is public or loopback.
   */
  public AudioLengths(OkHttpClient client) {
    this.fetch = new UntrustedFetch(Objects.requireNonNull(client, "client == null"), "audio URL", TIMEOUT,
        AudioSource.MAX_BYTES, "more than the " + AudioSource.MAX_BYTES + " bytes Kling takes",
        UntrustedFetch.TypeRule.ANY, false);
  }

  @Override
  public CompletableFuture<Duration> lengthOf(AudioSource audio) {
    return switch (audio.kind()) {
      case BYTES -> {
        AudioSource.AudioBytes bytes = (AudioSource.AudioBytes) audio;
        try {
          yield CompletableFuture.completedFuture(read(bytes.data(), bytes.format().extension()));
        } catch (IOException e) {
          yield CompletableFuture.failedFuture(e);
        }
      }
      case URL -> fetched(((AudioSource.AudioUrl) audio).url().toString());
      case VENDOR_AUDIO, SPEECH -> CompletableFuture.failedFuture(new IllegalArgumentException(
          "only audio by URL or as bytes has a file to measure, not " + audio.kind()));
    };
  }

  private CompletableFuture<Duration> fetched(String url) {
    return fetch.fetch(url, (shown, fetched) -> {
      try {
        return read(fetched.bytes(), extension(fetched.url(), fetched.contentType()));
      } catch (IOException e) {
        throw new IOException(shown + ": " + e.getMessage(), e);
      }
    });
  }

  /** The format the URL's file name says, else its content type, else null to tell by the bytes. */
  private static @Nullable String extension(HttpUrl url, @Nullable MediaType type) {
    String path = url.encodedPath().toLowerCase(Locale.ROOT);
    for (AudioFormat format : AudioFormat.values()) {
      if (path.endsWith("." + format.extension())) {
        return format.extension();
      }
    }
    if (type != null) {
      String subtype = type.subtype().toLowerCase(Locale.ROOT);
      if (subtype.contains("mpeg") || subtype.contains("mp3")) {
        return "mp3";
      }
      if (subtype.contains("wav")) {
        return "wav";
      }
      if (subtype.contains("mp4") || subtype.contains("m4a")) {
        return "m4a";
      }
    }
    return null;
  }

  /** The length the file's header gives; jaudiotagger reads files only, so the bytes go to one briefly. */
  private static Duration read(byte[] data, @Nullable String extension) throws IOException {
    Path file = Files.createTempFile("lipsync-audio-", extension == null ? ".audio" : "." + extension);
    try {
      Files.write(file, data);
      AudioFile audio = extension == null
          ? AudioFileIO.readMagic(file.toFile())
          : AudioFileIO.readAs(file.toFile(), extension);
      double seconds = audio.getAudioHeader().getPreciseTrackLength();
      if (!(seconds > 0)) {
        throw new IOException("its header gives no length");
      }
      return Duration.ofMillis(Math.round(seconds * 1000));
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      // jaudiotagger's checked exceptions, and what it throws on bytes that are no audio file at all.
      throw new IOException("not a readable " + (extension == null ? "audio" : extension) + " file ("
          + e.getMessage() + ")", e);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static Logger quietened(Logger logger) {
    if (logger.getLevel() == null) {
      logger.setLevel(Level.WARNING);
    }
    return logger;
  }
}
