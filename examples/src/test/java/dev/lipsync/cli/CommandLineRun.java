package dev.lipsync.cli;

import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One in-process run of the command: its exit code and everything it printed. */
record CommandLineRun(int exitCode, String out, String err) {
  private static final com.squareup.moshi.JsonAdapter<Map<String, Object>> JSON =
      new Moshi.Builder().build().adapter(Types.newParameterizedType(Map.class, String.class, Object.class));
  private static final com.squareup.moshi.JsonAdapter<List<Map<String, Object>>> JSON_ARRAY =
      new Moshi.Builder().build().adapter(Types.newParameterizedType(List.class,
          Types.newParameterizedType(Map.class, String.class, Object.class)));

  /**
   * Runs {@code lipsync args} with {@code env}, not on a terminal, with the demo at full speed. Without
   * a {@code HOME} in {@code env}, it gets one of its own under {@code target}: the command keeps its
   * jobs under the home folder, and a test never writes into the real one.
   */
  static CommandLineRun of(Map<String, String> env, String... args) {
    return at(Clock.systemUTC(), env, args);
  }

  /** The same, on {@code clock}. */
  static CommandLineRun at(Clock clock, Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = LipSyncCommand.execute(new Invocation(withTestHome(env),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        false, DemoPace.IMMEDIATE, clock), args);
    return new CommandLineRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** {@code env}, with a new home folder under {@code target} unless it names one. */
  static Map<String, String> withTestHome(Map<String, String> env) {
    if (env.containsKey("HOME")) {
      return env;
    }
    Map<String, String> homed = new HashMap<>(env);
    try {
      Path homes = Files.createDirectories(Path.of("target", "test-homes"));
      homed.put("HOME", Files.createTempDirectory(homes, "home-").toAbsolutePath().toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return homed;
  }

  /** Standard output as the one JSON object it must be (fails if there is anything else). */
  Map<String, Object> json() {
    try {
      Map<String, Object> object = JSON.failOnUnknown().fromJson(out);
      if (object == null) {
        throw new AssertionError("standard output is not a JSON object: " + out);
      }
      return object;
    } catch (IOException e) {
      throw new UncheckedIOException("standard output is not one JSON object:\n" + out, e);
    }
  }

  /** Standard output as the one JSON array of objects it must be (fails if there is anything else). */
  List<Map<String, Object>> jsonArray() {
    try {
      List<Map<String, Object>> array = JSON_ARRAY.failOnUnknown().fromJson(out);
      if (array == null) {
        throw new AssertionError("standard output is not a JSON array: " + out);
      }
      return array;
    } catch (IOException e) {
      throw new UncheckedIOException("standard output is not one JSON array:\n" + out, e);
    }
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> list(Object value) {
    return (List<Map<String, Object>>) value;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> object(Object value) {
    return (Map<String, Object>) value;
  }

  /** Both streams, for assertions on everything shown. */
  String all() {
    return out + err;
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
}
