package org.jukebox.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jukebox.testkit.JukeboxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real browser through the proxy: headless Chromium driven by Selenium logs in, searches as it
 * types, adds two songs to the playlist, plays them, and sees the {@code <audio>} element's
 * {@code currentTime} advance and the player move on to the next song by itself. Screenshots go
 * to {@code target/screenshots/}. Skipped, naming what is missing, without Chromium or
 * chromedriver (Debian: {@code apt-get install chromium chromium-driver}).
 */
class BrowserEndToEndTest extends ProxyTestBase {
  private static final Path SHOTS = Path.of("target", "screenshots");
  private ChromeDriver driver;

  private static Optional<Path> onPath(String... names) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
      for (String name : names) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  @BeforeEach
  void startBrowser() throws Exception {
    Optional<Path> chromium = onPath("chromium", "chromium-browser", "google-chrome");
    Optional<Path> chromedriver = onPath("chromedriver");
    assumeTrue(chromium.isPresent(), "no chromium on the PATH (Debian: apt-get install chromium)");
    assumeTrue(chromedriver.isPresent(), "no chromedriver on the PATH (Debian: apt-get install chromium-driver)");
    Files.createDirectories(SHOTS);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.get().toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
        "--window-size=1280,900", "--autoplay-policy=no-user-gesture-required", "--mute-audio");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(chromedriver.get().toFile()).usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
  }

  @AfterEach
  void stopBrowser() {
    if (driver != null) {
      driver.quit();
    }
  }

  private void shot(String name) throws Exception {
    Files.write(SHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
  }

  private Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  private double currentTime() {
    return ((Number) js("return document.getElementById('player').currentTime;")).doubleValue();
  }

  /** Clicks "Add" on the search result titled {@code title}, and waits for the results again. */
  private void addRow(String title) {
    WebElement row = driver.findElements(By.cssSelector("#results tr")).stream()
        .filter(r -> r.findElement(By.tagName("a")).getText().equals(title)).findFirst()
        .orElseThrow(() -> new AssertionError("no result " + title));
    row.findElement(By.cssSelector("button.add")).click();
    JukeboxExtension.await(WAIT, "the search page again", () -> driver.getCurrentUrl().endsWith("/search?q=tune")
        && driver.findElements(By.cssSelector("#results tr")).size() == 2);
  }

  @Test
  void aBrowserLogsInSearchesAddsToThePlaylistAndPlays() throws Exception {
    String base = proxy.url().toString();
    driver.get(base);
    assertTrue(driver.getCurrentUrl().startsWith(base + "login"), driver.getCurrentUrl());
    driver.findElement(By.name("user")).sendKeys("alice");
    driver.findElement(By.name("password")).sendKeys(ALICE_PASSWORD);
    shot("1-login");
    driver.findElement(By.cssSelector("form.login button")).click();
    JukeboxExtension.await(WAIT, "the library after login", () -> driver.getCurrentUrl().endsWith("/library"));
    assertTrue(driver.getPageSource().contains("Other &amp; Sons"));
    shot("2-library");

    driver.findElement(By.linkText("Search")).click();
    WebElement q = driver.findElement(By.id("q"));
    q.sendKeys("tune");
    // No form submission: the results come from the JSON API as the user types.
    JukeboxExtension.await(WAIT, "two results while typing", () ->
        driver.findElements(By.cssSelector("#results tr")).size() == 2);
    assertTrue(driver.getCurrentUrl().endsWith("/search?q=tune"), driver.getCurrentUrl());
    shot("3-search-as-you-type");
    addRow("Evening Tune");
    addRow("Morning Tune");

    driver.findElement(By.linkText("Playlist")).click();
    List<WebElement> items = driver.findElements(By.cssSelector("ol.playlist li"));
    assertEquals(2, items.size());
    assertTrue(items.get(0).getText().startsWith("Evening Tune"), items.get(0).getText());
    shot("4-playlist");

    driver.findElement(By.linkText("Play all")).click();
    JukeboxExtension.await(WAIT, "the player page", () -> !driver.findElements(By.id("player")).isEmpty());
    js("var a = document.getElementById('player'); if (a.paused) { a.play(); }");
    JukeboxExtension.await(WAIT, "audio flowing (currentTime advancing)", () -> currentTime() > 0.3);
    shot("5-playing");
    assertTrue(driver.getPageSource().contains("Evening Tune"));

    // Continuous playback: at the end the page moves on to the second song, which plays too.
    JukeboxExtension.await(WAIT, "the next song", () -> driver.getCurrentUrl().endsWith("?i=1"));
    JukeboxExtension.await(WAIT, "the second song playing", () -> {
      try {
        return currentTime() > 0.3;
      } catch (RuntimeException e) {
        return false; // the page was being replaced
      }
    });
    assertTrue(driver.findElement(By.cssSelector("p.now")).getText().startsWith("Morning Tune"));
    shot("6-next-song");
    try (Stream<Path> s = Files.list(SHOTS)) {
      assertTrue(s.count() >= 6);
    }
    assertTrue(driver instanceof TakesScreenshot);
  }
}
