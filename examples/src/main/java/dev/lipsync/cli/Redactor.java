package dev.lipsync.cli;

import dev.lipsync.support.ApiKey;
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
 * printed with {@code ****}, and any start of one of 8 characters or more that is cut off there (a
 * vendor's message cut short can end in one), as the library masks keys ({@link ApiKey#mask}).
 * The library already keeps keys out of its messages; this catches what no one foresaw, such as a vendor
 * quoting the key in an error or a status word. Text is held until a line ends or the stream is flushed,
 * so a key printed in pieces is still caught.
 */
final class Redactor extends FilterOutputStream {
  private static final String MASK = "****";
  /** Shorter values are not masked: they would garble ordinary text and are no real keys. */
  private static final int MIN_SECRET_LENGTH = 6;

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

  /** {@code text} with each of {@code secrets} masked as the library masks a key ({@link ApiKey#mask}). */
  static String mask(String text, List<String> secrets) {
    for (String secret : secrets) {
      text = ApiKey.mask(text, secret);
    }
    return text;
  }
}
