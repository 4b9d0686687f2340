package org.samizdat.platform.faults;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * HTTP/1.1 over a bare socket, for requests a well-behaved client refuses to send: raw bytes that
 * are not UTF-8, CR/LF and NUL in the request target, over-long request lines. The request target
 * and header values are written byte for byte as given (each char is one byte, ISO-8859-1), and the
 * answer is read to the end of the connection, chunked bodies decoded.
 */
final class RawHttp {

  private final int port;
  private final Map<String, String> cookies = new LinkedHashMap<>();

  RawHttp(int port) {
    this.port = port;
  }

  /** The status given to an HTTP/0.9 answer, which has no status line and no headers. */
  static final int HTTP_09 = 9;

  record Header(String name, String value) {}

  record Response(int status, List<Header> headers, byte[] bytes) {
    String body() {
      return new String(bytes, StandardCharsets.UTF_8);
    }

    String header(String name) {
      return headers.stream()
          .filter(h -> h.name().equalsIgnoreCase(name))
          .map(Header::value)
          .findFirst()
          .orElse(null);
    }

    List<String> headers(String name) {
      return headers.stream()
          .filter(h -> h.name().equalsIgnoreCase(name))
          .map(Header::value)
          .toList();
    }

    boolean isHtml() {
      String type = header("Content-Type");
      return type != null && type.toLowerCase(Locale.ROOT).startsWith("text/html");
    }

    Document html() {
      return Jsoup.parse(body());
    }
  }

  /**
   * Cookies the server set on earlier answers are sent back, as a browser would (newsroom sign-in).
   */
  String cookieHeader() {
    StringBuilder b = new StringBuilder();
    cookies.forEach(
        (k, v) -> b.append(b.length() == 0 ? "" : "; ").append(k).append('=').append(v));
    return b.toString();
  }

  Response get(String target) {
    return send("GET", target, Map.of(), null);
  }

  Response get(String target, Map<String, String> headers) {
    return send("GET", target, headers, null);
  }

  Response postForm(String target, String urlEncodedBody) {
    return send(
        "POST",
        target,
        Map.of("Content-Type", "application/x-www-form-urlencoded"),
        urlEncodedBody.getBytes(StandardCharsets.ISO_8859_1));
  }

  Response post(String target, Map<String, String> headers, byte[] body) {
    return send("POST", target, headers, body);
  }

  Response send(String method, String target, Map<String, String> headers, byte[] body) {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    write(request, method + " " + target + " HTTP/1.1\r\n");
    write(request, "Host: localhost:" + port + "\r\n");
    write(request, "Connection: close\r\n");
    if (!cookies.isEmpty()
        && headers.keySet().stream().noneMatch(h -> h.equalsIgnoreCase("Cookie"))) {
      write(request, "Cookie: " + cookieHeader() + "\r\n");
    }
    headers.forEach((name, value) -> write(request, name + ": " + value + "\r\n"));
    if (body != null) {
      write(request, "Content-Length: " + body.length + "\r\n");
    }
    write(request, "\r\n");
    if (body != null) {
      request.writeBytes(body);
    }
    return exchange(request.toByteArray());
  }

  /** Sends these exact bytes as the whole request. */
  Response exchange(byte[] request) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request);
        out.flush();
      } catch (IOException e) {
        // the server may answer and close before it has read everything (a request line too long):
        // read what it said
      }
      byte[] raw = readAll(socket.getInputStream());
      Response r = parse(raw);
      for (String setCookie : r.headers("Set-Cookie")) {
        String pair = setCookie.split(";", 2)[0];
        int eq = pair.indexOf('=');
        if (eq > 0) {
          cookies.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
      }
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      int n;
      while ((n = in.read(buffer)) != -1) {
        all.write(buffer, 0, n);
      }
    } catch (SocketTimeoutException | java.net.SocketException e) {
      if (all.size() == 0) {
        throw e;
      }
    }
    return all.toByteArray();
  }

  private static Response parse(byte[] raw) {
    if (!new String(raw, 0, Math.min(raw.length, 5), StandardCharsets.ISO_8859_1).equals("HTTP/")) {
      // An HTTP/0.9 answer (Tomcat still speaks it to a request line without a version): a body and
      // nothing else.
      return new Response(HTTP_09, List.of(), raw);
    }
    int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    if (end < 0) {
      throw new IllegalStateException(
          "Not an HTTP answer: " + new String(raw, StandardCharsets.ISO_8859_1));
    }
    String head = new String(raw, 0, end, StandardCharsets.ISO_8859_1);
    String[] lines = head.split("\r\n");
    String[] statusLine = lines[0].split(" ", 3);
    int status = Integer.parseInt(statusLine[1]);
    List<Header> headers = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.add(
            new Header(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim()));
      }
    }
    byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
    boolean chunked =
        headers.stream()
            .anyMatch(
                h ->
                    h.name().equalsIgnoreCase("Transfer-Encoding")
                        && h.value().toLowerCase(Locale.ROOT).contains("chunked"));
    return new Response(status, List.copyOf(headers), chunked ? dechunk(body) : body);
  }

  private static byte[] dechunk(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int pos = 0;
    while (pos < body.length) {
      int lineEnd = indexOf(body, "\r\n".getBytes(StandardCharsets.ISO_8859_1), pos);
      if (lineEnd < 0) {
        break;
      }
      String sizeText =
          new String(body, pos, lineEnd - pos, StandardCharsets.ISO_8859_1).split(";")[0].trim();
      int size = Integer.parseInt(sizeText, 16);
      if (size == 0) {
        break;
      }
      out.write(body, lineEnd + 2, Math.min(size, body.length - lineEnd - 2));
      pos = lineEnd + 2 + size + 2;
    }
    return out.toByteArray();
  }

  private static int indexOf(byte[] data, byte[] pattern) {
    return indexOf(data, pattern, 0);
  }

  private static int indexOf(byte[] data, byte[] pattern, int from) {
    outer:
    for (int i = from; i <= data.length - pattern.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static void write(ByteArrayOutputStream out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
  }
}
