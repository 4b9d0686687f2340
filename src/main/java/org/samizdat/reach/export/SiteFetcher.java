package org.samizdat.reach.export;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the site from this app's own web server over loopback, so the copy holds the very bytes a
 * reader gets (page cache, templates, headers and all), never a second rendering of them.
 *
 * <p>Plain HTTP/1.1 on one kept-alive connection per crawl thread, written and read here: the JDK's
 * {@code HttpClient} (its selector thread, futures and header maps for each of 150,000 requests)
 * took about a tenth of the export's CPU, and all this needs is a GET on loopback.
 */
final class SiteFetcher implements AutoCloseable {

  /**
   * Sent with every request of the export. The site does not count these as readers' views (an
   * export reads every article; counting it would put every story in "most read").
   */
  static final String EXPORT_HEADER = "X-Samizdat-Export";

  private static final int CONNECT_TIMEOUT_MS = 10_000;
  private static final int READ_TIMEOUT_MS = 60_000;
  private static final int MAX_HEADER_LINE = 16_384;

  record Response(int status, String contentType, String location, byte[] body) {
    boolean ok() {
      return status == 200;
    }

    boolean redirect() {
      return status >= 300 && status < 400 && location != null;
    }

    boolean gone() {
      return status == 404 || status == 410;
    }
  }

  private final String origin;
  private final String host;
  private final int port;
  private final String basePath;
  private final ThreadLocal<Connection> connections = new ThreadLocal<>();

  /** Every connection open, so the export closes them when it is done. */
  private final Set<Connection> open = ConcurrentHashMap.newKeySet();

  /**
   * @param origin the app's own server, {@code http://127.0.0.1:8080} (with its context path, if
   *     any)
   */
  SiteFetcher(String origin) {
    this.origin = origin;
    URI uri = URI.create(origin);
    if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException("The export reads the site over plain HTTP: " + origin);
    }
    String h = uri.getHost();
    this.host = h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    this.port = uri.getPort() < 0 ? 80 : uri.getPort();
    this.basePath = uri.getRawPath() == null ? "" : uri.getRawPath();
  }

  String origin() {
    return origin;
  }

  /**
   * @param request a path and query, {@code /section/world?page=2}
   */
  Response get(String request) throws IOException {
    Connection c = connections.get();
    boolean reused = c != null;
    if (c == null) {
      c = open();
    }
    try {
      return c.get(request);
    } catch (IOException e) {
      c.close();
      connections.remove();
      if (!reused) {
        throw e;
      }
      // the server closed a kept-alive connection between two requests: once more, on a new one
      Connection fresh = open();
      try {
        return fresh.get(request);
      } catch (IOException again) {
        fresh.close();
        connections.remove();
        throw again;
      }
    }
  }

  private Connection open() throws IOException {
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
      socket.setSoTimeout(READ_TIMEOUT_MS);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
    Connection c = new Connection(socket);
    connections.set(c);
    open.add(c);
    return c;
  }

  /** Closes every connection (the crawl's threads are done with them). */
  @Override
  public void close() {
    for (Connection c : open) {
      c.close();
    }
  }

  /** One kept-alive connection, used by one thread. */
  private final class Connection {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final StringBuilder line = new StringBuilder(128);

    Connection(Socket socket) throws IOException {
      this.socket = socket;
      this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
      this.out = socket.getOutputStream();
    }

    Response get(String request) throws IOException {
      String head =
          "GET "
              + basePath
              + request
              + " HTTP/1.1\r\nHost: "
              + (host.contains(":") ? "[" + host + "]" : host)
              + ":"
              + port
              + "\r\n"
              + EXPORT_HEADER
              + ": 1\r\nUser-Agent: Samizdat static export\r\nAccept-Encoding: identity\r\n\r\n";
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      String statusLine = readLine();
      if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
        throw new IOException("not an HTTP answer: " + statusLine);
      }
      int status;
      try {
        status = Integer.parseInt(statusLine.substring(9, 12));
      } catch (NumberFormatException e) {
        throw new IOException("not an HTTP answer: " + statusLine, e);
      }
      String contentType = "";
      String location = null;
      long length = -1;
      boolean chunked = false;
      boolean close = statusLine.startsWith("HTTP/1.0");
      for (String h = readLine(); !h.isEmpty(); h = readLine()) {
        int colon = h.indexOf(':');
        if (colon <= 0) {
          continue;
        }
        String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = h.substring(colon + 1).trim();
        switch (name) {
          case "content-type" -> contentType = value;
          case "location" -> location = value;
          case "content-length" -> length = Long.parseLong(value);
          case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
          case "connection" -> close = value.equalsIgnoreCase("close");
          default -> {}
        }
      }
      byte[] body;
      if (status == 204 || status == 304 || (status >= 100 && status < 200)) {
        body = new byte[0];
      } else if (chunked) {
        body = readChunked();
      } else if (length >= 0) {
        body = in.readNBytes(Math.toIntExact(length));
        if (body.length != length) {
          throw new EOFException("the answer to " + request + " ended early");
        }
      } else {
        body = in.readAllBytes();
        close = true;
      }
      if (close) {
        close();
        connections.remove();
      }
      return new Response(status, contentType, location, body);
    }

    private byte[] readChunked() throws IOException {
      ByteArrayOutputStream body = new ByteArrayOutputStream(32 * 1024);
      while (true) {
        String size = readLine();
        int semicolon = size.indexOf(';');
        int n;
        try {
          n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
        } catch (NumberFormatException e) {
          throw new IOException("a damaged chunk: " + size, e);
        }
        if (n == 0) {
          // trailers, up to the empty line
          while (!readLine().isEmpty()) {}
          return body.toByteArray();
        }
        byte[] chunk = in.readNBytes(n);
        if (chunk.length != n) {
          throw new EOFException("the answer ended inside a chunk");
        }
        body.write(chunk);
        if (!readLine().isEmpty()) {
          throw new IOException("a chunk without its line end");
        }
      }
    }

    private String readLine() throws IOException {
      line.setLength(0);
      while (true) {
        int b = in.read();
        if (b < 0) {
          throw new EOFException("the server closed the connection");
        }
        if (b == '\n') {
          int end = line.length();
          if (end > 0 && line.charAt(end - 1) == '\r') {
            line.setLength(end - 1);
          }
          return line.toString();
        }
        if (line.length() >= MAX_HEADER_LINE) {
          throw new IOException("a header line longer than " + MAX_HEADER_LINE);
        }
        line.append((char) b);
      }
    }

    void close() {
      open.remove(this);
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }
}
