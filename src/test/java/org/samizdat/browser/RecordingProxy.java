package org.samizdat.browser;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in HTTP proxy on 127.0.0.1 that lets nothing through: it writes down the request line of
 * whatever connects ({@code GET http://host/path HTTP/1.1}, or {@code CONNECT host:443 HTTP/1.1}
 * for HTTPS) and answers 502. Start Chromium with {@code --proxy-server=http://127.0.0.1:PORT}
 * (added after {@link Chromium}'s own, so it wins) and every request that tried to leave loopback
 * ends up in {@link #requests()}.
 */
public final class RecordingProxy implements AutoCloseable {

  private static final byte[] BAD_GATEWAY =
      "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII);

  private final ServerSocket server;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  private RecordingProxy(ServerSocket server) {
    this.server = server;
    this.acceptor = new Thread(this::acceptAll, "recording-proxy-" + server.getLocalPort());
    this.acceptor.setDaemon(true);
    this.acceptor.start();
  }

  /** Listens on a free port of 127.0.0.1. */
  public static RecordingProxy start() {
    try {
      return new RecordingProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not open a port for the recording proxy", e);
    }
  }

  public int port() {
    return server.getLocalPort();
  }

  /** The request lines received so far, in order of arrival. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  /** Forgets the requests received so far. */
  public void clear() {
    requests.clear();
  }

  private void acceptAll() {
    while (!server.isClosed()) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      Thread handler = new Thread(() -> answer(socket), "recording-proxy-connection");
      handler.setDaemon(true);
      handler.start();
    }
  }

  private void answer(Socket socket) {
    try (socket) {
      socket.setSoTimeout(5_000);
      String line = requestLine(socket.getInputStream());
      requests.add(line.isEmpty() ? "(a connection that sent no request line)" : line);
      OutputStream out = socket.getOutputStream();
      out.write(BAD_GATEWAY);
      out.flush();
    } catch (SocketTimeoutException e) {
      requests.add("(a connection that sent no request line in 5 s)");
    } catch (IOException e) {
      requests.add("(a connection that failed: " + e + ")");
    }
  }

  private static String requestLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != -1 && b != '\n' && line.size() < 8192; b = in.read()) {
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException ignored) {
      // nothing is listening any more either way
    }
  }
}
