package dev.lipsync.benchmarks;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The figures of one harness, kept in {@code <dir>/<harness>.properties} so that {@link Report} can
 * print every harness's figures in one table. The directory is the system property {@code
 * bench.results}, by default {@code target/bench-results}. Not thread-safe.
 */
final class Results {
  private final String harness;
  private final Map<String, String> values = new TreeMap<>();

  private Results(String harness) {
    this.harness = harness;
  }

  /** Empty figures of {@code harness}, written under that name. */
  static Results of(String harness) {
    return new Results(harness);
  }

  /** Records a number; it is also printed, so a harness run alone shows what it found. */
  Results put(String key, double value) {
    return put(key, String.format(Locale.ROOT, "%.6g", value));
  }

  /** Records a text. */
  Results put(String key, String value) {
    values.put(key, value);
    System.out.println(harness + "." + key + " = " + value);
    return this;
  }

  /** Writes the figures, replacing any from an earlier run of the same harness. */
  void write() {
    Properties properties = new Properties();
    properties.putAll(values);
    try {
      Files.createDirectories(dir());
      try (Writer out = Files.newBufferedWriter(dir().resolve(harness + ".properties"))) {
        properties.store(out, harness);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every harness's figures, keyed {@code <harness>.<key>}. */
  static Map<String, String> readAll() {
    Map<String, String> all = new TreeMap<>();
    if (!Files.isDirectory(dir())) {
      return all;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir(), "*.properties")) {
      for (Path file : files) {
        String harness = file.getFileName().toString().replaceFirst("\\.properties$", "");
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
          properties.load(in);
        }
        properties.forEach((key, value) -> all.put(harness + "." + key, (String) value));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return all;
  }

  static Path dir() {
    return Path.of(System.getProperty("bench.results", "target/bench-results"));
  }
}
