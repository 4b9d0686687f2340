package org.samizdat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.samizdat.IntegrationTest;
import org.samizdat.SlowTest;
import org.samizdat.publishing.Actor;
import org.samizdat.publishing.ArticleDraft;
import org.samizdat.publishing.Image;
import org.samizdat.publishing.MediaLibrary;
import org.samizdat.publishing.Publishing;
import org.samizdat.publishing.Taxonomy;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A reader's walk through the site in a real browser: front page, section, article, Read more, tag,
 * search, the other language. Along the way nothing may leave the site (every request that tries to
 * is caught by a recording proxy, and Chromium's own network log is checked too), no cookie may be
 * set, the article must fit a 320 px phone, and without JavaScript the article, Read more and
 * search must still work.
 */
@SlowTest
class ReaderBrowsesTheSiteBrowserIT extends IntegrationTest {

  private static final Actor EDITOR = new Actor(0, "ReaderBrowsesTheSiteBrowserIT");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost");

  /** A URL's scheme and, for URLs with an authority, its host. */
  private static final Pattern SCHEME_AND_HOST =
      Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*):(?://(?:[^@/?#]*@)?([^:/?#]*))?");

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Autowired Publishing publishing;
  @Autowired Taxonomy taxonomy;
  @Autowired MediaLibrary media;

  String base;

  /** A made-up word that is in every article of this test and nowhere else. */
  String word;

  String authorName;
  String authorSlug;
  String sectionSlug;
  String sectionEn;
  String tag;
  String otherTag;
  String lead;
  String second;
  String third;
  String russian;

  @BeforeEach
  void publishArticles() throws Exception {
    base = "http://127.0.0.1:" + port;
    word = nonsense();
    String u = word.substring(2, 8);
    authorName = "Vera Reader " + u;
    authorSlug = "vera-reader-" + u;
    long author = taxonomy.createAuthor(authorName, authorSlug, "Writes about the regions.");
    sectionSlug = "regions-" + u;
    sectionEn = "Regions " + u;
    long section = taxonomy.createSection(sectionSlug, sectionEn, "Регионы " + u, 70);
    tag = "river towns " + u;
    otherTag = "press " + u;

    Image hero = media.store(drawnPng(), "A river bend at dusk, drawn for the test");
    lead = "The river town that prints its own paper " + u;
    long leadId =
        publish(
            "en",
            lead,
            "Three volunteers, one press, no advertisers.",
            "## Night edition\n\nEvery Thursday the "
                + word
                + " crew folds four hundred copies by hand.\n\n"
                + "Nobody is paid, and nobody signs the articles.",
            section,
            List.of(tag, otherTag),
            author,
            hero.id(),
            null);
    second = "Ferry timetable cut again " + u;
    publish(
        "en",
        second,
        "The last boat now leaves at six.",
        "Readers of the " + word + " bulletin noticed first.",
        section,
        List.of(tag),
        author,
        null,
        null);
    third = "Flood defences tested " + u;
    publish(
        "en",
        third,
        "",
        "The " + word + " embankment held.",
        section,
        List.of(tag),
        author,
        null,
        null);
    russian = "Город у реки, который печатает свою газету " + u;
    publish(
        "ru",
        russian,
        "Три волонтёра, один станок, никакой рекламы.",
        "Каждый четверг команда " + word + " складывает четыреста экземпляров вручную.",
        section,
        List.of("города " + u),
        author,
        null,
        leadId);
  }

  @Test
  void aReaderFindsTheirWayAroundWithoutLeavingTheSiteOrGettingACookie() throws Exception {
    try (RecordingProxy proxy = RecordingProxy.start()) {
      Set<String> requested = new LinkedHashSet<>();
      try (Chromium reader = Chromium.start(options -> throughProxy(options, proxy, true))) {
        WebDriver d = reader.driver();
        try {
          proxyIsInTheWay(reader, proxy);
          walkThroughTheSite(reader);
          requested.addAll(requestedUrls(d));
          switchLanguage(reader);
          requested.addAll(requestedUrls(d));
          readOnANarrowPhone(reader);
          requested.addAll(requestedUrls(d));
        } catch (Throwable t) {
          reader.screenshotQuietly("reader-failure");
          throw t;
        }
      }
      assertNothingLeftTheSite(proxy, requested, true);

      Set<String> requestedWithoutJs = new LinkedHashSet<>();
      try (Chromium reader = Chromium.start(options -> throughProxy(options, proxy, false))) {
        try {
          proxyIsInTheWay(reader, proxy);
          readWithoutJavaScript(reader);
          requestedWithoutJs.addAll(requestedUrls(reader.driver()));
        } catch (Throwable t) {
          reader.screenshotQuietly("reader-nojs-failure");
          throw t;
        }
      }
      assertNothingLeftTheSite(proxy, requestedWithoutJs, false);
    }
  }

  /** Front page → section → article → Read more → tag → search. */
  private void walkThroughTheSite(Chromium reader) {
    WebDriver d = reader.driver();
    d.get(base + "/");
    waitForPage(reader, "/");
    assertThat(d.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("en");
    reader.screenshot("reader-home");

    // The section, from the navigation at the top.
    WebElement sectionLink =
        d.findElement(By.cssSelector("nav.sections-nav a[href='/section/" + sectionSlug + "']"));
    assertThat(sectionLink.getText()).isEqualTo(sectionEn);
    sectionLink.click();
    waitForPage(reader, "/section/" + sectionSlug);
    assertThat(d.findElement(By.cssSelector("main h1")).getText()).isEqualTo(sectionEn);
    assertThat(texts(d, ".story h2 a"))
        .as("the English edition's list of the section")
        .containsExactlyInAnyOrder(lead, second, third);

    // The article.
    WebElement leadLink =
        d.findElement(By.xpath("//main//h2/a[normalize-space(.)=" + xpathLiteral(lead) + "]"));
    String leadPath = URI.create(leadLink.getDomProperty("href")).getPath();
    leadLink.click();
    waitForPage(reader, leadPath);
    assertThat(d.findElement(By.cssSelector("article.article h1")).getText()).isEqualTo(lead);
    assertThat(d.findElement(By.cssSelector("article.article .article-body")).getText())
        .contains(word);
    WebElement byline = d.findElement(By.cssSelector("article.article .byline a.author"));
    assertThat(byline.getText()).isEqualTo(authorName);
    assertThat(byline.getDomAttribute("href")).isEqualTo("/author/" + authorSlug);
    assertThat(texts(d, "article.article ul.tags a")).containsExactlyInAnyOrder(tag, otherTag);
    WebElement hero = d.findElement(By.cssSelector("article.article figure.hero img"));
    reader
        .waiting()
        .until(
            x ->
                (Boolean)
                    js(x)
                        .executeScript(
                            "return arguments[0].complete && arguments[0].naturalWidth > 0;",
                            hero));
    // Chromium takes the WebP the <picture> offers beside the PNG.
    assertThat((String) js(d).executeScript("return arguments[0].currentSrc;", hero))
        .startsWith(base + "/media/")
        .endsWith(media.makesWebp() ? ".webp" : ".png");

    // Read more offers the other articles with the same tag; follow one.
    List<WebElement> readMore = d.findElements(By.cssSelector("section.read-more h3 a"));
    assertThat(readMore)
        .extracting(WebElement::getText)
        .contains(second, third)
        .doesNotContain(lead);
    WebElement next =
        readMore.stream()
            .filter(a -> a.getText().equals(second) || a.getText().equals(third))
            .findFirst()
            .orElseThrow();
    String nextHeadline = next.getText();
    String nextPath = URI.create(next.getDomProperty("href")).getPath();
    next.click();
    waitForPage(reader, nextPath);
    assertThat(d.findElement(By.cssSelector("article.article h1")).getText())
        .isEqualTo(nextHeadline);

    // The shared tag lists all three English articles.
    d.findElement(By.xpath("//ul[@class='tags']//a[normalize-space(.)=" + xpathLiteral(tag) + "]"))
        .click();
    reader.waiting().until(x -> URI.create(x.getCurrentUrl()).getPath().startsWith("/tag/"));
    waitForPage(reader, "/tag/");
    assertThat(d.findElement(By.cssSelector("main h1")).getText()).contains(tag);
    assertThat(texts(d, ".story h2 a")).containsExactlyInAnyOrder(lead, second, third);

    // Search, from the navigation: the made-up word finds the articles and is highlighted.
    d.findElement(By.cssSelector("nav.sections-nav a[href='/search']")).click();
    waitForPage(reader, "/search");
    search(reader, word);
    reader.screenshot("reader-search");
  }

  /** Types {@code query} into the search form, submits it and checks the results. */
  private void search(Chromium reader, String query) {
    WebDriver d = reader.driver();
    WebElement box = d.findElement(By.cssSelector("form.search-form input[name=q]"));
    box.clear();
    box.sendKeys(query);
    d.findElement(By.cssSelector("form.search-form button[type=submit]")).click();
    reader.waiting().until(x -> query.equals(queryParameter(x.getCurrentUrl(), "q")));
    waitForPage(reader, "/search");
    assertThat(texts(d, ".search-results h2 a"))
        .as("results for " + query)
        .containsExactlyInAnyOrder(lead, second, third);
    assertThat(texts(d, ".search-results .snippet mark"))
        .as("highlighted words")
        .isNotEmpty()
        .allSatisfy(marked -> assertThat(marked).isEqualToIgnoringCase(query));
    WebElement first =
        d.findElement(
            By.xpath(
                "//ol[contains(@class,'search-results')]//h2/a[normalize-space(.)="
                    + xpathLiteral(lead)
                    + "]/ancestor::li//p[@class='snippet']/mark"));
    assertThat(first.getText()).isEqualToIgnoringCase(query);
  }

  /**
   * The header's language link goes to the translation; the choice is then remembered by this
   * browser (localStorage) and nowhere else: the front page sends a returning reader to the edition
   * they chose, and there is no cookie.
   */
  private void switchLanguage(Chromium reader) {
    WebDriver d = reader.driver();
    // From the search results to the English article, then across to its Russian translation.
    d.findElement(
            By.xpath(
                "//ol[contains(@class,'search-results')]//h2/a[normalize-space(.)="
                    + xpathLiteral(lead)
                    + "]"))
        .click();
    reader
        .waiting()
        .until(x -> lead.equals(x.findElement(By.cssSelector("article.article h1")).getText()));
    String leadPath = URI.create(d.getCurrentUrl()).getPath();
    d.findElement(By.cssSelector("a.lang-switch")).click();
    reader
        .waiting()
        .until(x -> "ru".equals(x.findElement(By.tagName("html")).getDomAttribute("lang")));
    waitForPage(reader, "/");
    assertThat(d.findElement(By.cssSelector("article.article h1")).getText()).isEqualTo(russian);
    String russianPath = URI.create(d.getCurrentUrl()).getPath();
    assertThat(russianPath).isNotEqualTo(leadPath);
    assertThat(storedLanguage(d)).isEqualTo("ru");

    // ... and back to English, which is now the remembered choice: the front page stays English.
    d.findElement(By.cssSelector("a.lang-switch")).click();
    waitForPage(reader, leadPath);
    assertThat(d.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("en");
    assertThat(storedLanguage(d)).isEqualTo("en");
    d.get(base + "/");
    waitForPage(reader, "/");
    assertThat(URI.create(d.getCurrentUrl()).getPath()).isEqualTo("/");

    // Choosing Russian on the front page; coming back to "/" later opens the Russian edition.
    d.findElement(By.cssSelector("a.lang-switch")).click();
    waitForPage(reader, "/ru/");
    assertThat(d.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("ru");
    assertThat(storedLanguage(d)).isEqualTo("ru");
    d.get(base + "/");
    reader.waiting().until(x -> "/ru/".equals(URI.create(x.getCurrentUrl()).getPath()));
    waitForPage(reader, "/ru/");
    assertThat(d.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("ru");

    // Remembered by the browser only: no cookie for this site, nor any other.
    assertThat(d.manage().getCookies()).as("cookies for the site").isEmpty();
    @SuppressWarnings("unchecked")
    List<Object> allCookies =
        (List<Object>)
            ((ChromeDriver) d).executeCdpCommand("Network.getAllCookies", Map.of()).get("cookies");
    assertThat(allCookies).as("cookies in the whole browser").isEmpty();
  }

  /** On a 320 px wide screen the article fits: no sideways scrolling, text at a readable size. */
  private void readOnANarrowPhone(Chromium reader) {
    WebDriver d = reader.driver();
    d.manage().window().setSize(new Dimension(320, 720));
    d.get(base + "/search?q=" + word);
    d.findElement(
            By.xpath(
                "//ol[contains(@class,'search-results')]//h2/a[normalize-space(.)="
                    + xpathLiteral(lead)
                    + "]"))
        .click();
    reader
        .waiting()
        .until(x -> lead.equals(x.findElement(By.cssSelector("article.article h1")).getText()));
    WebElement hero = d.findElement(By.cssSelector("article.article figure.hero img"));
    reader
        .waiting()
        .until(
            x ->
                (Boolean)
                    js(x)
                        .executeScript(
                            "return arguments[0].complete && arguments[0].naturalWidth > 0;",
                            hero));

    long innerWidth = ((Number) js(d).executeScript("return window.innerWidth;")).longValue();
    assertThat(innerWidth).as("the window is as narrow as a small phone").isBetween(280L, 320L);
    // the width pages can use: the window less a vertical scroll bar, if one takes up room
    long usable =
        ((Number) js(d).executeScript("return document.documentElement.clientWidth;")).longValue();
    long scrollWidth =
        ((Number) js(d).executeScript("return document.documentElement.scrollWidth;")).longValue();
    assertThat(scrollWidth)
        .as("page width in a " + innerWidth + " px window (no horizontal scrolling)")
        .isLessThanOrEqualTo(usable)
        .isLessThanOrEqualTo(innerWidth);

    // Every block of the article lies inside the screen and nothing sticks out of it.
    for (String selector :
        List.of(
            "article.article h1",
            "article.article .standfirst",
            "article.article .byline",
            "article.article figure.hero img",
            "article.article figure.hero figcaption",
            "article.article .article-body p",
            "article.article ul.tags",
            "section.read-more")) {
      List<WebElement> found = d.findElements(By.cssSelector(selector));
      assertThat(found).as(selector).isNotEmpty();
      for (WebElement e : found) {
        @SuppressWarnings("unchecked")
        Map<String, Number> box =
            (Map<String, Number>)
                js(d)
                    .executeScript(
                        "var r = arguments[0].getBoundingClientRect();"
                            + "return {left: r.left, right: r.right, overflow: arguments[0].scrollWidth - arguments[0].clientWidth};",
                        e);
        assertThat(box.get("left").doubleValue())
            .as(selector + " left edge")
            .isGreaterThanOrEqualTo(0);
        assertThat(box.get("right").doubleValue())
            .as(selector + " right edge")
            .isLessThanOrEqualTo(usable);
        assertThat(box.get("overflow").doubleValue())
            .as(selector + " content wider than its box")
            .isLessThanOrEqualTo(0);
      }
    }
    // Readable: body text at 16 px or more, lines using most of the screen, a headline larger than
    // the text.
    WebElement paragraph = d.findElement(By.cssSelector("article.article .article-body p"));
    double text = pixels(paragraph.getCssValue("font-size"));
    assertThat(text).as("body text size").isGreaterThanOrEqualTo(16);
    assertThat(pixels(paragraph.getCssValue("line-height")))
        .as("line height")
        .isGreaterThanOrEqualTo(text * 1.3);
    assertThat(paragraph.getRect().getWidth())
        .as("line length")
        .isGreaterThanOrEqualTo((int) (usable * 0.75));
    assertThat(pixels(d.findElement(By.cssSelector("article.article h1")).getCssValue("font-size")))
        .as("headline size")
        .isGreaterThan(text);
    // the screenshot shows the article itself (above it, on a phone, is the support banner: see
    // reader-home)
    js(d)
        .executeScript(
            "arguments[0].scrollIntoView({block: 'start'});",
            d.findElement(By.cssSelector("article.article")));
    reader.screenshot("reader-article-320");
  }

  /** Without JavaScript: the article, Read more and search all still work. */
  private void readWithoutJavaScript(Chromium reader) {
    WebDriver d = reader.driver();
    // JavaScript really is off: with Russian remembered in localStorage, site.js would send "/" to
    // "/ru/".
    d.get(base + "/");
    waitForPage(reader, "/");
    js(d).executeScript("window.localStorage.setItem('samizdat.lang', 'ru');");
    d.get(base + "/");
    waitForPage(reader, "/");
    assertThat(URI.create(d.getCurrentUrl()).getPath()).as("no redirect by site.js").isEqualTo("/");
    assertThat(storedLanguage(d)).isEqualTo("ru");

    d.findElement(By.cssSelector("nav.sections-nav a[href='/section/" + sectionSlug + "']"))
        .click();
    waitForPage(reader, "/section/" + sectionSlug);
    WebElement leadLink =
        d.findElement(By.xpath("//main//h2/a[normalize-space(.)=" + xpathLiteral(lead) + "]"));
    String leadPath = URI.create(leadLink.getDomProperty("href")).getPath();
    leadLink.click();
    waitForPage(reader, leadPath);
    assertThat(d.findElement(By.cssSelector("article.article h1")).getText()).isEqualTo(lead);
    assertThat(d.findElement(By.cssSelector("article.article .article-body")).getText())
        .contains(word);
    assertThat(d.findElement(By.cssSelector("article.article .byline a.author")).getText())
        .isEqualTo(authorName);

    WebElement next =
        d.findElements(By.cssSelector("section.read-more h3 a")).stream()
            .filter(a -> a.getText().equals(second) || a.getText().equals(third))
            .findFirst()
            .orElseThrow();
    String nextHeadline = next.getText();
    String nextPath = URI.create(next.getDomProperty("href")).getPath();
    next.click();
    waitForPage(reader, nextPath);
    assertThat(d.findElement(By.cssSelector("article.article h1")).getText())
        .isEqualTo(nextHeadline);

    d.findElement(By.cssSelector("nav.sections-nav a[href='/search']")).click();
    waitForPage(reader, "/search");
    search(reader, word);
  }

  /**
   * Nothing tried to leave loopback (the proxy saw no request), and every URL Chromium requested
   * was on this machine; the network log did see the page's own files, so it was really recording.
   * The two checks differ: the network log also lists a request that the site's own
   * Content-Security-Policy stops inside the browser, which never reaches the proxy; the proxy also
   * sees whatever the log does not cover.
   */
  private void assertNothingLeftTheSite(
      RecordingProxy proxy, Set<String> requested, boolean withScript) {
    assertThat(requested)
        .as("URLs in Chromium's network log")
        .contains(base + "/css/site.css")
        .anyMatch(url -> url.startsWith(base + "/media/"));
    if (withScript) {
      assertThat(requested).as("URLs in Chromium's network log").contains(base + "/js/site.js");
    }
    List<String> offSite = new ArrayList<>();
    for (String url : requested) {
      Matcher m = SCHEME_AND_HOST.matcher(url);
      boolean local =
          m.lookingAt()
              && switch (m.group(1).toLowerCase(Locale.ROOT)) {
                case "http", "https", "ws", "wss" ->
                    m.group(2) != null && LOOPBACK.contains(m.group(2).toLowerCase(Locale.ROOT));
                // made inside the browser, no network: inline data, and the new-tab page Chromium
                // shows
                // before the first navigation (chrome://resources/..., chrome://favicon2/...)
                case "data", "blob", "about", "chrome" -> true;
                default -> false;
              };
      if (!local) {
        offSite.add(url);
      }
    }
    // both checks, so a failure shows what each of them saw
    SoftAssertions softly = new SoftAssertions();
    softly
        .assertThat(proxy.requests())
        .as("requests that tried to leave this machine (received by the proxy)")
        .isEmpty();
    softly
        .assertThat(offSite)
        .as("URLs in Chromium's network log that are not on this machine")
        .isEmpty();
    softly.assertAll();
  }

  /**
   * A request to another site does reach the proxy, and shows in the network log: so this browser
   * really is wired to both. Both are then emptied, for the walk.
   */
  private static void proxyIsInTheWay(Chromium reader, RecordingProxy proxy) {
    String canary = "http://canary.invalid/samizdat-" + nonsense();
    reader.driver().get(canary);
    reader.waiting().until(x -> proxy.requests().contains("GET " + canary + " HTTP/1.1"));
    assertThat(requestedUrls(reader.driver())).as("network log").contains(canary);
    proxy.clear();
  }

  /**
   * Chromium sending everything off loopback to {@code proxy} (this argument comes after {@link
   * Chromium}'s own --proxy-server, and the last one counts), with its network log on, JavaScript
   * on or off, and its own services kept away from the proxy, so that whatever reaches the proxy
   * came from the pages. Left alone, even with --disable-background-networking, Chromium asks
   * Google's servers for the time, the sign-in state (accounts.google.com), component updates,
   * optimisation hints and form-field types (autofill, as soon as a page has a form), and opens its
   * default search engine's page in the background (start.duckduckgo.com on Debian). Here those
   * services are off or point at the closed port 9 on loopback, and the default search engine is a
   * loopback address never used.
   */
  private static void throughProxy(
      ChromeOptions options, RecordingProxy proxy, boolean javaScript) {
    options.addArguments(
        "--proxy-server=http://127.0.0.1:" + proxy.port(),
        "--disable-features=NetworkTimeServiceQuerying,OptimizationHints,AutofillServerCommunication",
        "--gaia-url=http://127.0.0.1:9",
        "--google-apis-url=http://127.0.0.1:9",
        "--lso-url=http://127.0.0.1:9",
        "--component-updater=url-source=http://127.0.0.1:9/");
    Map<String, Object> prefs = new HashMap<>();
    prefs.put("net.network_prediction_options", 2); // no speculative connections
    prefs.put(
        "default_search_provider_data.template_url_data",
        Map.of(
            "keyword",
            "nowhere",
            "short_name",
            "Nowhere",
            "url",
            "http://127.0.0.1:9/?q={searchTerms}"));
    if (!javaScript) {
      prefs.put("profile.managed_default_content_settings.javascript", 2);
    }
    options.setExperimentalOption("prefs", prefs);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.PERFORMANCE, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
  }

  /** The URLs of every request Chromium sent since the last call (from its performance log). */
  private static Set<String> requestedUrls(WebDriver d) {
    Set<String> urls = new LinkedHashSet<>();
    for (LogEntry entry : d.manage().logs().get(LogType.PERFORMANCE)) {
      JsonNode message = JSON.readTree(entry.getMessage()).path("message");
      if ("Network.requestWillBeSent".equals(message.path("method").asString())) {
        urls.add(message.path("params").path("request").path("url").asString());
      }
    }
    return urls;
  }

  private long publish(
      String language,
      String headline,
      String standfirst,
      String body,
      long section,
      List<String> tags,
      long author,
      Long heroImageId,
      Long translationOf) {
    long id =
        publishing.create(
            new ArticleDraft(
                language,
                "",
                headline,
                standfirst,
                body,
                section,
                tags,
                List.of(author),
                heroImageId,
                heroImageId == null ? "" : "The bend below the town",
                "",
                translationOf),
            EDITOR);
    publishing.publishNow(id, EDITOR);
    return id;
  }

  /**
   * Waits until the browser is on a page whose path starts with {@code path} and it has finished
   * loading.
   */
  private static void waitForPage(Chromium browser, String path) {
    browser
        .waiting()
        .until(
            d ->
                URI.create(d.getCurrentUrl()).getPath().startsWith(path)
                    && "complete".equals(js(d).executeScript("return document.readyState")));
  }

  private static String storedLanguage(WebDriver d) {
    return (String) js(d).executeScript("return window.localStorage.getItem('samizdat.lang');");
  }

  private static List<String> texts(WebDriver d, String css) {
    return d.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
  }

  private static JavascriptExecutor js(WebDriver d) {
    return (JavascriptExecutor) d;
  }

  private static double pixels(String cssLength) {
    assertThat(cssLength).endsWith("px");
    return Double.parseDouble(cssLength.substring(0, cssLength.length() - 2));
  }

  private static String queryParameter(String url, String name) {
    String query = URI.create(url).getQuery();
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        return pair.substring(eq + 1);
      }
    }
    return null;
  }

  /** A word no dictionary has, so a search for it finds this test's articles only. */
  private static String nonsense() {
    StringBuilder s = new StringBuilder("zq");
    for (int i = 0; i < 10; i++) {
      s.append((char) ('a' + RANDOM.nextInt(26)));
    }
    return s.toString();
  }

  /** A 1200x800 picture of a river bend at dusk, as a PNG. */
  private static byte[] drawnPng() throws Exception {
    BufferedImage image = new BufferedImage(1200, 800, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setPaint(new GradientPaint(0, 0, new Color(40, 50, 90), 0, 500, new Color(230, 150, 90)));
    g.fillRect(0, 0, 1200, 800);
    g.setColor(new Color(30, 60, 40));
    g.fillRect(0, 480, 1200, 320);
    g.setColor(new Color(70, 110, 160));
    g.fillArc(-300, 520, 1500, 500, 0, 180);
    g.dispose();
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    assertThat(ImageIO.write(image, "png", png)).isTrue();
    return png.toByteArray();
  }

  /** An XPath string literal for any text without a double quote. */
  private static String xpathLiteral(String text) {
    assertThat(text).doesNotContain("\"");
    return "\"" + text + "\"";
  }
}
