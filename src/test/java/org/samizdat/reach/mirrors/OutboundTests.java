package org.samizdat.reach.mirrors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.net.InetAddress;
import java.net.Proxy;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.samizdat.reach.MirrorStatus;

/** Nothing aimed inside: mirror checks never reach this machine or its private networks. */
class OutboundTests {

  final Outbound strict = Outbound.of("", false);
  LoopbackSite site;
  LoopbackSite inside;

  @AfterEach
  void stop() {
    if (site != null) {
      site.close();
    }
    if (inside != null) {
      inside.close();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1/",
        "http://127.1.2.3:8080/",
        "http://10.0.0.1/",
        "http://172.16.5.4/",
        "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://100.64.0.1/",
        "http://0.0.0.0/",
        "http://224.0.0.1/",
        "http://255.255.255.255/",
        "http://[::1]/",
        "http://[::]/",
        "http://[fe80::1]/",
        "http://[fd12:3456::1]/",
        "http://[fc00::1]/",
        "http://[ff02::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:10.0.0.1]/",
        "http://[::ffff:7f00:1]/",
        "http://[64:ff9b::a00:1]/",
        "http://[2002:c0a8:101::1]/",
        "http://localhost/",
        "http://LOCALHOST:8080/",
        "http://news.localhost/"
      })
  void anAddressInsideIsRefused(String url) {
    assertThatThrownBy(() -> strict.check(URI.create(url)))
        .isInstanceOf(Outbound.InsideAddress.class)
        .hasMessageContaining("points inside");
    assertThat(strict.problemWith(url)).contains("points inside");
  }

  @Test
  void aNameThatResolvesInsideIsRefused() throws Exception {
    String name = InetAddress.getLocalHost().getHostName();
    assumeThat(name).isNotEqualToIgnoringCase("localhost");
    assumeThat(Arrays.stream(InetAddress.getAllByName(name)).noneMatch(Outbound::isPublic))
        .as(name + " resolves to a non-public address here")
        .isTrue();
    assertThatThrownBy(() -> strict.check(URI.create("https://" + name + "/")))
        .hasMessageContaining("points inside");
  }

  @Test
  void publicAddressesPass() throws Exception {
    for (String a :
        new String[] {"93.184.215.14", "1.1.1.1", "2606:4700:4700::1111", "2a00:1450:4001::1"}) {
      assertThat(Outbound.isPublic(InetAddress.getByName(a))).as(a).isTrue();
    }
    strict.check(URI.create("https://93.184.215.14/"));
    strict.check(URI.create("https://[2606:4700:4700::1111]/"));
  }

  @Test
  void aMirrorAtALoopbackAddressIsRefusedWithoutAConnection() {
    AtomicInteger requests = new AtomicInteger();
    site =
        new LoopbackSite(
            exchange -> {
              requests.incrementAndGet();
              exchange.sendResponseHeaders(200, -1);
            });
    MirrorProbe probe = new MirrorProbe(Duration.ofSeconds(2), Clock.systemUTC(), strict);
    MirrorProbe.Finding f = probe.check(site.url(), null);
    assertThat(f.status()).isEqualTo(MirrorStatus.DOWN);
    assertThat(f.problem()).contains("refused").contains("points inside");
    assertThat(requests).hasValue(0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://10.0.0.1/", "http://[::1]:PORT/", "http://127.0.0.1:PORT/"})
  void aRedirectToAnAddressInsideIsRefusedBeforeItIsFollowed(String target) {
    AtomicInteger reached = new AtomicInteger();
    inside =
        new LoopbackSite(
            exchange -> {
              reached.incrementAndGet();
              exchange.sendResponseHeaders(200, -1);
            });
    String location = target.replace("PORT", String.valueOf(port(inside.url())));
    site =
        new LoopbackSite(
            exchange -> {
              exchange.getResponseHeaders().set("Location", location);
              exchange.sendResponseHeaders(302, -1);
            });
    int first = port(site.url());
    // Only the redirecting server itself is let through, as a public mirror would be.
    Outbound onlyTheMirror =
        new Outbound(
            Proxy.NO_PROXY, url -> "127.0.0.1".equals(url.getHost()) && url.getPort() == first);
    MirrorProbe probe = new MirrorProbe(Duration.ofSeconds(2), Clock.systemUTC(), onlyTheMirror);

    MirrorProbe.Finding f = probe.check(site.url(), null);

    assertThat(f.status()).isEqualTo(MirrorStatus.DOWN);
    assertThat(f.problem()).isEqualTo("Front page did not answer: refused, " + inside() + ".");
    assertThat(reached).as("the address inside was never asked").hasValue(0);
  }

  @Test
  void aRedirectToAPublicLookingMirrorPageIsFollowed() {
    inside = new LoopbackSite().page("/news/", "<h1>Front</h1>");
    site =
        new LoopbackSite(
            exchange -> {
              exchange.getResponseHeaders().set("Location", inside.url() + "/news/");
              exchange.sendResponseHeaders(301, -1);
            });
    MirrorProbe probe =
        new MirrorProbe(Duration.ofSeconds(2), Clock.systemUTC(), Outbound.of("", true));
    assertThat(probe.check(site.url(), null).status()).isEqualTo(MirrorStatus.UP);
  }

  @Test
  void staffSeeUnreachableNotTheExceptionText() {
    MirrorProbe probe =
        new MirrorProbe(Duration.ofSeconds(2), Clock.systemUTC(), Outbound.of("", true));
    MirrorProbe.Finding f = probe.check(LoopbackSite.nobodyListening(), null);
    assertThat(f.problem()).isEqualTo("Front page did not answer: unreachable.");
  }

  @Test
  void theOutboundProxyIsSocksOrHttpAndAnythingElseStopsTheStart() {
    assertThat(Outbound.proxy("socks5://127.0.0.1:9050").type()).isEqualTo(Proxy.Type.SOCKS);
    assertThat(Outbound.proxy("http://proxy.internal:3128").type()).isEqualTo(Proxy.Type.HTTP);
    assertThat(Outbound.proxy("")).isEqualTo(Proxy.NO_PROXY);
    assertThatThrownBy(() -> Outbound.proxy("ftp://x:1"))
        .hasMessageContaining("SAMIZDAT_OUTBOUND_PROXY");
    assertThatThrownBy(() -> Outbound.proxy("socks5://127.0.0.1"))
        .hasMessageContaining("socks5://127.0.0.1:9050");
  }

  @Test
  void anOnionMirrorNeedsTheProxy() throws Exception {
    String onion = "http://" + "a".repeat(56) + ".onion/";
    assertThatThrownBy(() -> strict.check(URI.create(onion))).hasMessageContaining("Tor");
    Outbound.of("socks5://127.0.0.1:9050", false).check(URI.create(onion));
  }

  private static String inside() {
    try {
      Outbound.of("", false).check(URI.create("http://10.0.0.1/"));
      throw new AssertionError();
    } catch (Outbound.InsideAddress e) {
      return e.getMessage();
    }
  }

  private static int port(String url) {
    return URI.create(url).getPort();
  }
}
