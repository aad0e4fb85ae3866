package dev.lipsync.testkit;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Vendor answers for robustness tests of an adapter's readers: random JSON, and mutations of real
 * answers (the documented payloads a test gives as samples), from a fixed seed so that a failure can
 * be replayed. Mutations work on the JSON tree (a value replaced by another of any type, a field
 * dropped, added or wrapped in an array, the samples' own names and words moved elsewhere), on the
 * text (cut off, bytes inserted, dropped or repeated), and by extremes (numbers beyond any range,
 * huge strings, deep nesting, empty bodies).
 *
 * <pre>{@code
 * AnswerFuzzer answers = new AnswerFuzzer(42, List.of(resource("status-succeed.json")));
 * for (int i = 0; i < 2_000; i++) {
 *   String body = answers.next();
 *   ... serve it, read it, and check that the reader returns a value or throws the library's error ...
 * }
 * }</pre>
 *
 * Not thread-safe.
 */
public final class AnswerFuzzer {
  private static final JsonAdapter<Object> JSON = new Moshi.Builder().build().adapter(Object.class).lenient();
  private static final int MAX_DEPTH = 5;
  /** JSON number literals no vendor sends and a reader must survive, written as they are. */
  private static final List<String> ODD_NUMBERS = List.of(
      "0", "-0", "-1", "1.5", "-5.1", "2147483648", "9223372036854775807", "9223372036854775808",
      "-9223372036854775809", "1e308", "-1e308", "4.9e-324", "123456789012345678901234567890",
      "0.000000000000000000001", "1e999999999", "1e-999999999",
      // Within BigDecimal's range, and so large that making them whole takes minutes.
      "1E400000000", "1e99999999", "-1e99999999", "1e9999999");
  /** Strings with a meaning somewhere, or none anywhere. */
  private static final List<String> ODD_STRINGS = List.of(
      "", " ", "null", "0", "200", "1201", "5001", "success", "SUCCEED", "succeed", "completed",
      "failed", "processing", "FAILURE", "1e999999999", "-5.1", "NaN", "http://", "https://", "ftp://x/y",
      "https://cdn.example.com/v.mp4", "not a url", "../../etc/passwd", "a b", "\u0000", "\uD800",
      "\u202Eevil", "9".repeat(400), "x".repeat(20_000));
  /** A number standing as a JSON value: after a colon, a bracket or a comma. */
  private static final Pattern NUMBER = Pattern.compile("(?<=[:\\[,]\\s{0,4})-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?");
  private static final List<String> TOKENS = List.of(
      "{", "}", "[", "]", "\"", ",", ":", "\\", "null", "true", "-", "0", "1e9", "\u0000", "\uFEFF", " ");

  private final Random random;
  private final List<String> samples;
  private final List<Object> trees = new ArrayList<>();
  private final List<String> names;
  private final List<String> words;

  /**
   * A fuzzer drawing from {@code seed}, mutating {@code samples} (JSON text; unreadable samples are
   * still mutated as text).
   */
  public AnswerFuzzer(long seed, Collection<String> samples) {
    this.random = new Random(seed);
    this.samples = List.copyOf(samples);
    if (this.samples.isEmpty()) {
      throw new IllegalArgumentException("at least one sample required");
    }
    Set<String> names = new LinkedHashSet<>();
    Set<String> words = new LinkedHashSet<>();
    for (String sample : this.samples) {
      Object tree = parse(sample);
      if (tree != null) {
        trees.add(tree);
        harvest(tree, names, words);
      }
    }
    this.names = List.copyOf(names);
    this.words = List.copyOf(words);
  }

  /** The next input. */
  public String next() {
    int kind = random.nextInt(100);
    if (kind < 45 && !trees.isEmpty()) {
      return write(mutateTree(copy(pick(trees))));
    }
    if (kind < 75) {
      return mutateText(pick(samples));
    }
    if (kind < 90) {
      return write(randomValue(0));
    }
    return extreme();
  }

  // ---- mutations of the tree -------------------------------------------------------------------

  private Object mutateTree(Object tree) {
    Object root = tree;
    int edits = 1 + random.nextInt(4);
    for (int i = 0; i < edits; i++) {
      List<Object> containers = new ArrayList<>();
      collectContainers(root, containers);
      if (containers.isEmpty() || random.nextInt(20) == 0) {
        root = randomValue(0);
        continue;
      }
      Object container = pick(containers);
      if (container instanceof Map<?, ?> raw) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) raw;
        editObject(map);
      } else {
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) container;
        editArray(list);
      }
    }
    return root;
  }

  private void editObject(Map<String, Object> map) {
    List<String> keys = new ArrayList<>(map.keySet());
    int edit = random.nextInt(7);
    if (keys.isEmpty() || edit == 0) {
      map.put(names.isEmpty() || random.nextBoolean() ? randomString() : pick(names), randomValue(2));
      return;
    }
    String key = pick(keys);
    switch (edit) {
      case 1 -> map.remove(key);
      case 2 -> map.put(key, new ArrayList<>(List.of(map.get(key))));
      case 3 -> map.put(key, words.isEmpty() ? randomString() : pick(words));
      case 4, 5 -> map.put(key, perturbed(map.get(key)));
      default -> map.put(key, randomValue(2));
    }
  }

  /**
   * A value of the same kind gone wrong: a number, or a string holding one, becomes an extreme
   * number (kept a string where it was one, as vendors send numbers both ways); other text becomes odd
   * text; a container is replaced.
   */
  private Object perturbed(Object value) {
    if (value instanceof RawNumber) {
      return new RawNumber(pick(ODD_NUMBERS));
    }
    if (value instanceof String text && !text.isEmpty() && text.chars().allMatch(c -> c == '.' || c == '-'
        || Character.isDigit(c))) {
      return pick(ODD_NUMBERS);
    }
    if (value instanceof String) {
      return random.nextBoolean() || words.isEmpty() ? pick(ODD_STRINGS) : pick(words);
    }
    return randomValue(2);
  }

  private void editArray(List<Object> list) {
    int edit = random.nextInt(4);
    if (list.isEmpty() || edit == 0) {
      list.add(randomValue(2));
    } else if (edit == 1) {
      list.remove(random.nextInt(list.size()));
    } else if (edit == 2) {
      list.add(list.get(random.nextInt(list.size())));
    } else {
      list.set(random.nextInt(list.size()), randomValue(2));
    }
  }

  private static void collectContainers(Object node, List<Object> out) {
    if (node instanceof Map<?, ?> map) {
      out.add(map);
      map.values().forEach(value -> collectContainers(value, out));
    } else if (node instanceof List<?> list) {
      out.add(list);
      list.forEach(value -> collectContainers(value, out));
    }
  }

  // ---- mutations of the text -------------------------------------------------------------------

  private String mutateText(String text) {
    StringBuilder out = new StringBuilder(text);
    int edits = 1 + random.nextInt(3);
    for (int i = 0; i < edits && out.length() > 0; i++) {
      int at = random.nextInt(out.length() + 1);
      switch (random.nextInt(5)) {
        case 0 -> out.setLength(at);
        case 1 -> out.insert(at, pick(TOKENS));
        case 2 -> out.delete(at, Math.min(out.length(), at + 1 + random.nextInt(16)));
        case 3 -> {
          int end = Math.min(out.length(), at + 1 + random.nextInt(64));
          out.insert(end, out.substring(at, end));
        }
        default -> {
          if (at < out.length()) {
            out.setCharAt(at, (char) (32 + random.nextInt(95)));
          }
        }
      }
    }
    return out.toString();
  }

  private String extreme() {
    String sample = pick(samples);
    return switch (random.nextInt(11)) {
      case 0 -> "";
      case 1 -> pick(List.of(" ", "null", "[]", "{}", "0", "\"text\"", "true", "{\"data\": null}"));
      case 2 -> "[".repeat(5_000) + "]".repeat(5_000);
      case 3 -> "{\"data\":".repeat(300) + "{}" + "}".repeat(300);
      case 4 -> "\uFEFF" + sample;
      case 5 -> sample + pick(List.of("garbage", "}", "{}", ",", "\u0000"));
      case 6 -> sample.replaceAll("\\d+", pick(ODD_NUMBERS));
      // Every number sent as a string (ids, times, durations) becomes the same extreme one.
      case 9 -> sample.replaceAll("\"-?\\d+(\\.\\d+)?\"", "\"" + pick(ODD_NUMBERS) + "\"");
      // One number of 900 000 digits: still under a 1 MiB answer, and slow for a careless reader.
      // Rare, as merely reading past it takes a JSON reader a tenth of a second.
      case 10 -> random.nextInt(4) == 0 ? replaceOneNumber(sample, "9".repeat(900_000)) : write(randomValue(0));
      case 7 -> sample.replace("\"", "'");
      default -> "{\"code\": " + pick(ODD_NUMBERS) + ", \"data\": " + write(randomValue(1)) + "}";
    };
  }

  /** {@code text} with one of its JSON numbers (chosen at random) replaced by {@code literal}. */
  private String replaceOneNumber(String text, String literal) {
    List<int[]> numbers = new ArrayList<>();
    Matcher matcher = NUMBER.matcher(text);
    while (matcher.find()) {
      numbers.add(new int[] {matcher.start(), matcher.end()});
    }
    if (numbers.isEmpty()) {
      return literal;
    }
    int[] chosen = pick(numbers);
    return text.substring(0, chosen[0]) + literal + text.substring(chosen[1]);
  }

  // ---- random values ---------------------------------------------------------------------------

  private Object randomValue(int depth) {
    int kind = random.nextInt(depth >= MAX_DEPTH ? 5 : 7);
    return switch (kind) {
      case 0 -> JsonNull.INSTANCE;
      case 1 -> random.nextBoolean();
      case 2 -> new RawNumber(random.nextBoolean() ? pick(ODD_NUMBERS) : Long.toString(random.nextLong() % 100_000));
      case 3 -> randomString();
      case 4 -> words.isEmpty() ? randomString() : pick(words);
      case 5 -> {
        List<Object> list = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          list.add(randomValue(depth + 1));
        }
        yield list;
      }
      default -> {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = random.nextInt(5); i > 0; i--) {
          map.put(names.isEmpty() || random.nextInt(3) == 0 ? randomString() : pick(names), randomValue(depth + 1));
        }
        yield map;
      }
    };
  }

  private String randomString() {
    if (random.nextBoolean()) {
      return pick(ODD_STRINGS);
    }
    StringBuilder text = new StringBuilder();
    for (int i = random.nextInt(12); i > 0; i--) {
      text.append((char) (random.nextInt(4) == 0 ? random.nextInt(0x3000) : 32 + random.nextInt(95)));
    }
    return text.toString();
  }

  // ---- JSON ------------------------------------------------------------------------------------

  /** A number written as given, so that literals beyond double's range reach the reader intact. */
  private record RawNumber(String literal) {}

  /** JSON null inside a tree (a map may not hold Java null in every implementation). */
  private enum JsonNull { INSTANCE }

  private static Object parse(String sample) {
    try {
      return replaceNulls(JSON.fromJson(sample));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static Object replaceNulls(Object node) {
    if (node == null) {
      return JsonNull.INSTANCE;
    }
    if (node instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(String.valueOf(k), replaceNulls(v)));
      return copy;
    }
    if (node instanceof List<?> list) {
      List<Object> copy = new ArrayList<>();
      list.forEach(v -> copy.add(replaceNulls(v)));
      return copy;
    }
    if (node instanceof Double d) {
      return new RawNumber(d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue()) : d.toString());
    }
    return node;
  }

  private static Object copy(Object node) {
    if (node instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(String.valueOf(k), copy(v)));
      return copy;
    }
    if (node instanceof List<?> list) {
      List<Object> copy = new ArrayList<>();
      list.forEach(v -> copy.add(copy(v)));
      return copy;
    }
    return node;
  }

  private static void harvest(Object node, Set<String> names, Set<String> words) {
    if (node instanceof Map<?, ?> map) {
      map.forEach((k, v) -> {
        names.add(String.valueOf(k));
        harvest(v, names, words);
      });
    } else if (node instanceof List<?> list) {
      list.forEach(v -> harvest(v, names, words));
    } else if (node instanceof String text && text.length() < 200) {
      words.add(text);
    }
  }

  private static String write(Object node) {
    StringBuilder out = new StringBuilder();
    write(node, out);
    return out.toString();
  }

  private static void write(Object node, StringBuilder out) {
    if (node instanceof Map<?, ?> map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        out.append(first ? "" : ",");
        first = false;
        string(String.valueOf(entry.getKey()), out);
        out.append(':');
        write(entry.getValue(), out);
      }
      out.append('}');
    } else if (node instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        out.append(i == 0 ? "" : ",");
        write(list.get(i), out);
      }
      out.append(']');
    } else if (node instanceof String text) {
      string(text, out);
    } else if (node instanceof RawNumber number) {
      out.append(number.literal());
    } else if (node instanceof Boolean || node instanceof Number) {
      out.append(node);
    } else {
      out.append("null");
    }
  }

  private static void string(String text, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }

  private <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  @Override
  public String toString() {
    return "AnswerFuzzer[" + samples.size() + " samples]";
  }
}
