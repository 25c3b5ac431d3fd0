package org.mucregistration.admin;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Headless Chromium from Debian ({@code /usr/bin/chromium}, {@code /usr/bin/chromedriver}) driven by Selenium, for
 * the browser tests of the admin page. The browser and the driver are given explicitly, so Selenium Manager never
 * downloads anything; each browser gets a fresh profile that is deleted on {@link #close()}.
 */
public final class AdminConsoleBrowser implements AutoCloseable {
    public static final Path CHROMIUM = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
    public static final Path CHROMEDRIVER = Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"));

    private final ChromeDriver driver;
    private final ChromeDriverService service;
    private final Path profile;
    private final URI adminUrl;

    private AdminConsoleBrowser(ChromeDriver driver, ChromeDriverService service, Path profile, URI adminUrl) {
        this.driver = driver;
        this.service = service;
        this.profile = profile;
        this.adminUrl = adminUrl;
    }

    /**
     * Starts a headless Chromium for the admin console at {@code adminUrl}.
     *
     * @throws IllegalStateException when Chromium or chromedriver is missing (with how to install them)
     */
    public static AdminConsoleBrowser start(URI adminUrl) throws IOException {
        for (Path binary : new Path[] {CHROMIUM, CHROMEDRIVER}) {
            if (!Files.isExecutable(binary)) {
                throw new IllegalStateException(binary + " not found: the browser tests need Debian's Chromium and "
                    + "its driver (apt-get install -y chromium chromium-driver)");
            }
        }
        // Never let Selenium Manager look for (or download) a driver or a browser.
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        final Path profile = Files.createTempDirectory("mucregistration-chromium-");
        final ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
            "--user-data-dir=" + profile, "--window-size=1280,1024", "--lang=en-US");
        final ChromeDriverService service = new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
        try {
            final ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
            driver.manage().window().setSize(new Dimension(1280, 1024));
            return new AdminConsoleBrowser(driver, service, profile, adminUrl);
        } catch (RuntimeException e) {
            service.stop();
            deleteRecursively(profile);
            throw e;
        }
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Opens a path of the admin console, e.g. {@code /login.jsp}. */
    public void open(String path) {
        driver.get(adminUrl.resolve(path).toString());
    }

    /** Logs in to the admin console through its login form. */
    public void login(String username, String password) {
        open("/login.jsp");
        driver.findElement(By.name("username")).sendKeys(username);
        driver.findElement(By.name("password")).sendKeys(password);
        clickToNextPage(driver.findElement(By.id("submit")));
        new WebDriverWait(driver, Duration.ofSeconds(30))
            .until(d -> !d.getCurrentUrl().contains("login.jsp") || !d.findElements(By.className("jive-error")).isEmpty());
        if (driver.getCurrentUrl().contains("login.jsp")) {
            throw new IllegalStateException("could not log in to the admin console as " + username + ": "
                + driver.getPageSource());
        }
    }

    /**
     * Clicks something that loads another page, and returns once that page has replaced this one and finished
     * loading: until then, elements found may belong to the page that is going away.
     */
    public void clickToNextPage(WebElement target) {
        markCurrentPage();
        target.click();
        awaitNextPage();
    }

    /**
     * Marks the page now shown, for {@link #awaitNextPage()}: the mark lives on the page's window object, which a
     * navigation replaces. (Element handles of the old page are no good for this: Chromium may answer a question
     * about one with "Node with given id does not belong to the document" instead of a stale element.)
     */
    public void markCurrentPage() {
        driver.executeScript("window.__mucregistrationOldPage = true;");
    }

    /** Waits until the page marked by {@link #markCurrentPage()} is gone and the page that replaced it has loaded. */
    public void awaitNextPage() {
        new WebDriverWait(driver, Duration.ofSeconds(30))
            .ignoring(WebDriverException.class) // questions asked while the browser is between two pages
            .until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript(
                "return window.__mucregistrationOldPage === undefined && document.readyState === 'complete';")));
    }

    /** Waits for the page to show an element matching {@code by}, and returns it. */
    public WebElement await(By by) {
        return new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> {
            final java.util.List<WebElement> found = d.findElements(by);
            return found.isEmpty() ? null : found.get(0);
        });
    }

    /** Saves a PNG of the whole page (the window grown to the page's height) to {@code file}. */
    public Path screenshot(Path file) throws IOException {
        final Dimension before = driver.manage().window().getSize();
        final Object height = driver.executeScript("return Math.max(document.body.scrollHeight, "
            + "document.documentElement.scrollHeight);");
        final int pageHeight = height instanceof Number ? ((Number) height).intValue() : before.getHeight();
        driver.manage().window().setSize(new Dimension(before.getWidth(), Math.min(8000, Math.max(pageHeight + 150,
            before.getHeight()))));
        try {
            final File shot = driver.getScreenshotAs(OutputType.FILE);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.copy(shot.toPath(), file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } finally {
            driver.manage().window().setSize(before);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            deleteRecursively(profile);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary profile: best effort
        }
    }
}
