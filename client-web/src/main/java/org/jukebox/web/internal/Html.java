package org.jukebox.web.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A tiny HTML builder that escapes by default: {@link #f} fills {@code {}} placeholders with
 * escaped text, except for arguments that are themselves {@code Html} (already built, trusted).
 * Template strings passed to {@link #f} and {@link #raw} must be literals written in this code.
 *
 * <p>Not thread-safe.
 */
public final class Html {
  private final StringBuilder out = new StringBuilder(1024);

  /** An empty fragment. */
  public static Html of() {
    return new Html();
  }

  /** A fragment made of {@code template} with its placeholders filled (see {@link #f}). */
  public static Html of(String template, Object... args) {
    return new Html().f(template, args);
  }

  /** Appends trusted markup as is; only for literals. */
  public Html raw(String trusted) {
    out.append(trusted);
    return this;
  }

  /** Appends {@code value} as escaped text ("" for null). */
  public Html text(Object value) {
    if (value instanceof Html h) {
      out.append(h.out);
    } else {
      escapeInto(value == null ? "" : value.toString(), out);
    }
    return this;
  }

  /**
   * Appends {@code template}, replacing each {@code {}} by the next argument, escaped (an
   * {@code Html} argument is inserted as built).
   *
   * @throws IllegalArgumentException if the placeholders and arguments do not match in number
   */
  public Html f(String template, Object... args) {
    int from = 0;
    int used = 0;
    while (true) {
      int at = template.indexOf("{}", from);
      if (at < 0) {
        break;
      }
      if (used == args.length) {
        throw new IllegalArgumentException("more placeholders than arguments (" + args.length + "): " + template);
      }
      out.append(template, from, at);
      text(args[used++]);
      from = at + 2;
    }
    if (used != args.length) {
      throw new IllegalArgumentException("more arguments (" + args.length + ") than placeholders: " + template);
    }
    out.append(template, from, template.length());
    return this;
  }

  /** Escapes {@code & < > " '} so that text is safe in element content and in quoted attributes. */
  public static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    escapeInto(s, b);
    return b.toString();
  }

  private static void escapeInto(String s, StringBuilder b) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
  }

  /** Percent-encodes one URL path segment or query value (the result still goes through escaping). */
  public static String url(String value) {
    return URLEncoder.encode(Objects.requireNonNull(value, "value"), StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
