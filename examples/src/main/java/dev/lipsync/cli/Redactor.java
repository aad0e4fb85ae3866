package dev.lipsync.cli;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The last guard between the command and the screen: replaces every configured API key in what is
 * printed with {@code ****}, and any part of one that starts as the key does and is {@value
 * #MIN_PREFIX_LENGTH} characters or more (a vendor's message cut at 300 characters can end in one).
 * The library already keeps keys out of its messages; this catches what no one foresaw, such as a vendor
 * quoting the key in an error or a status word. Text is held until a line ends or the stream is flushed,
 * so a key printed in pieces is still caught.
 */
final class Redactor extends FilterOutputStream {
  private static final String MASK = "****";
  /** Shorter values are not masked: they would garble ordinary text and are no real keys. */
  private static final int MIN_SECRET_LENGTH = 6;
  /** The shortest start of a key that is masked on its own. */
  static final int MIN_PREFIX_LENGTH = 8;

  private final List<String> secrets;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

  private Redactor(OutputStream out, List<String> secrets) {
    super(out);
    this.secrets = secrets;
  }

  /** {@code out}, masking {@code secrets}; {@code out} itself when there is nothing to mask. */
  static PrintStream wrap(PrintStream out, Iterable<String> secrets) {
    List<String> masked = new ArrayList<>();
    for (String secret : secrets) {
      if (secret != null && secret.strip().length() >= MIN_SECRET_LENGTH) {
        masked.add(secret.strip());
      }
    }
    return masked.isEmpty() ? out : new PrintStream(new Redactor(out, masked), true, StandardCharsets.UTF_8);
  }

  @Override
  public synchronized void write(int b) throws IOException {
    pending.write(b);
    if (b == '\n' || b == '\r') {
      drain();
    }
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) throws IOException {
    for (int i = off; i < off + len; i++) {
      write(b[i]);
    }
  }

  @Override
  public synchronized void flush() throws IOException {
    drain();
    super.flush();
  }

  private void drain() throws IOException {
    if (pending.size() == 0) {
      return;
    }
    String text = pending.toString(StandardCharsets.UTF_8);
    pending.reset();
    out.write(mask(text, secrets).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * {@code text} with each of {@code secrets} masked: the whole secret, and, for a secret of {@value
   * #MIN_PREFIX_LENGTH} characters or more, any run of text that starts as the secret does for at least
   * that many characters.
   */
  static String mask(String text, List<String> secrets) {
    for (String secret : secrets) {
      if (secret.length() < MIN_PREFIX_LENGTH) {
        text = text.replace(secret, MASK);
        continue;
      }
      String head = secret.substring(0, MIN_PREFIX_LENGTH);
      StringBuilder masked = new StringBuilder(text.length());
      int from = 0;
      for (int at = text.indexOf(head); at >= 0; at = text.indexOf(head, from)) {
        int end = at + MIN_PREFIX_LENGTH;
        while (end < text.length() && end - at < secret.length() && text.charAt(end) == secret.charAt(end - at)) {
          end++;
        }
        masked.append(text, from, at).append(MASK);
        from = end;
      }
      text = masked.append(text, from, text.length()).toString();
    }
    return text;
  }
}
