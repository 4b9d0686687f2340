package org.samizdat.browser;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Debian Chromium, driven by Debian's chromedriver, with a fresh profile of its own
 * (so no cookies, cache or storage carry over between instances). Everything that is not on
 * loopback goes to a closed local port, so a page cannot reach the internet and Chromium's own
 * background traffic stays on this machine. Use in try-with-resources:
 *
 * <pre>{@code
 * try (Chromium browser = Chromium.start()) {
 *   browser.driver().get(base + "/");
 *   browser.screenshot("home");
 * }
 * }</pre>
 */
public final class Chromium implements AutoCloseable {

  public static final Path BROWSER = Path.of("/usr/bin/chromium");
  public static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  public static final Path SCREENSHOTS = Path.of("target", "screenshots");
  public static final Duration DEFAULT_WAIT = Duration.ofSeconds(15);

  private final ChromeDriverService service;
  private final ChromeDriver driver;
  private final Path profile;

  private Chromium(ChromeDriverService service, ChromeDriver driver, Path profile) {
    this.service = service;
    this.driver = driver;
    this.profile = profile;
  }

  /**
   * Starts a new browser with an empty profile; fails clearly when Chromium or chromedriver is not
   * installed.
   */
  public static Chromium start() {
    return start(options -> {});
  }

  /**
   * Options under which the site's configured address ({@code siteAddress}, what links, feeds and
   * payment providers' returns use) leads to this test's server on {@code port}, in this browser
   * only. The address must be plain http on loopback: Chromium reaches nothing else past its closed
   * proxy.
   */
  public static Consumer<ChromeOptions> siteAddressIs(String siteAddress, int port) {
    URI uri = URI.create(siteAddress);
    if (!"http".equals(uri.getScheme())
        || !("localhost".equals(uri.getHost()) || "127.0.0.1".equals(uri.getHost()))) {
      throw new IllegalArgumentException(
          "A browser test needs the site at plain http on loopback, not " + siteAddress);
    }
    int sitePort = uri.getPort() == -1 ? 80 : uri.getPort();
    String rule = "MAP " + uri.getHost() + ":" + sitePort + " 127.0.0.1:" + port;
    return options -> options.addArguments("--host-resolver-rules=" + rule);
  }

  /**
   * Like {@link #start()}, with more options on top of the defaults: extra arguments, preferences
   * (for example {@code profile.managed_default_content_settings.javascript = 2} for a browser
   * without JavaScript). Arguments added here come after the defaults.
   */
  public static Chromium start(Consumer<ChromeOptions> customize) {
    requireExecutable(BROWSER, "chromium");
    requireExecutable(DRIVER, "chromedriver");
    Path profile;
    try {
      profile = Files.createTempDirectory("samizdat-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException("Could not create a temporary Chromium profile", e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--user-data-dir=" + profile.toAbsolutePath(),
        "--proxy-server=http://127.0.0.1:9",
        "--proxy-bypass-list=127.0.0.1;localhost",
        "--window-size=1280,1600");
    try {
      customize.accept(options);
    } catch (RuntimeException e) {
      deleteQuietly(profile);
      throw e;
    }
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(DRIVER.toFile())
            .usingAnyFreePort()
            .withLogOutput(OutputStream.nullOutputStream())
            .build();
    ChromeDriver driver;
    try {
      driver = new ChromeDriver(service, options);
    } catch (RuntimeException e) {
      service.stop();
      deleteQuietly(profile);
      throw e;
    }
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    // axe-core on a long newsroom table takes a second on a quiet machine and far longer on a
    // busy one: a failure only, never a wait, so generous
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
    return new Chromium(service, driver, profile);
  }

  public WebDriver driver() {
    return driver;
  }

  /**
   * Waits until an element of the page the browser was on is gone, the next page having replaced
   * it. While that page is loading, ChromeDriver may report the old element stale or fail with
   * "Node with given id does not belong to the document": both mean gone.
   */
  public void waitUntilGone(WebElement element) {
    waiting()
        .until(
            d -> {
              try {
                element.isEnabled();
                return false;
              } catch (WebDriverException gone) {
                return true;
              }
            });
  }

  /** An explicit wait on this browser, {@link #DEFAULT_WAIT} long. */
  public WebDriverWait waiting() {
    return waiting(DEFAULT_WAIT);
  }

  public WebDriverWait waiting(Duration timeout) {
    return new WebDriverWait(driver, timeout, Duration.ofMillis(50));
  }

  /** Saves what the browser shows now as target/screenshots/NAME.png and returns that path. */
  public Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path target = SCREENSHOTS.resolve(name + ".png");
      Path taken = driver.getScreenshotAs(OutputType.FILE).toPath();
      Files.copy(taken, target, StandardCopyOption.REPLACE_EXISTING);
      Files.deleteIfExists(taken);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not save the screenshot " + name, e);
    }
  }

  /**
   * Like {@link #screenshot}, for failure paths: never throws, so it cannot hide the real failure.
   */
  public void screenshotQuietly(String name) {
    try {
      screenshot(name);
    } catch (RuntimeException ignored) {
      // the browser may already be gone; the original failure matters more
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } catch (RuntimeException ignored) {
      // the browser may have died already; still stop the driver and clean up
    } finally {
      try {
        service.stop();
      } finally {
        deleteQuietly(profile);
      }
    }
  }

  private static void requireExecutable(Path path, String what) {
    if (!Files.isExecutable(path)) {
      throw new IllegalStateException(
          "Browser tests need "
              + what
              + " at "
              + path
              + ": install Debian's chromium and chromium-driver (apt-get install chromium chromium-driver); .ci/run does this.");
    }
  }

  private static void deleteQuietly(Path dir) {
    // quit() waits for Chromium to exit, but a helper process may still be closing a file: a second
    // pass catches that.
    for (int attempt = 0; attempt < 3 && Files.exists(dir); attempt++) {
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      } catch (IOException | UncheckedIOException ignored) {
        // a file vanished while walking: walk again
      }
    }
  }
}
