package org.reveille.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in Debian's headless Chromium (chromium and chromium-driver, driven by Selenium): the browser and
 * the helpers the console tests share. One browser at a time: test classes run one after the other.
 */
abstract class BrowserTestSupport extends ServerTestSupport {

    protected static final Path SCREENSHOTS = Path.of("target", "screenshots");

    protected static WebDriver browser;

    /**
     * Debian's chromium through chromium-driver, headless. Without them the test fails: it cannot prove anything.
     * Certificate errors are accepted (the server's HTTPS listener has a self-signed certificate until an
     * administrator installs a real one); nothing else changes for plain HTTP.
     */
    protected static WebDriver startBrowser() throws IOException {
        String driverPath = System.getProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
        String chromium = System.getProperty("reveille.it.chromium", "/usr/bin/chromium");
        for (String tool : new String[] {driverPath, chromium}) {
            if (!Files.isExecutable(Path.of(tool))) {
                throw new AssertionError("the console tests need Debian's chromium and chromium-driver, but " + tool + " is missing:"
                        + " apt-get install -y chromium chromium-driver (.ci/run installs them)");
            }
        }
        Files.createDirectories(SCREENSHOTS);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(driverPath))
                .withLogFile(new File("target/chromedriver.log")).build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1440,1000", "--lang=en-US");
        options.setAcceptInsecureCerts(true);
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        options.setExperimentalOption("prefs", Map.of("download.default_directory", Path.of("target", "downloads").toAbsolutePath().toString(),
                "download.prompt_for_download", false));
        return new ChromeDriver(service, options);
    }

    /** Waits; an element the live view replaced meanwhile is looked up again at the next try. */
    protected static FluentWait<WebDriver> await(int seconds) {
        return new WebDriverWait(browser, Duration.ofSeconds(seconds)).ignoring(StaleElementReferenceException.class);
    }

    protected static WebElement find(String css) {
        return await(15).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    protected static void waitForText(String css, String text, int seconds) {
        try {
            await(seconds).until(d -> d.findElements(By.cssSelector(css)).stream().anyMatch(e -> e.getText().contains(text)));
        } catch (org.openqa.selenium.TimeoutException e) {
            String shown = browser.findElements(By.cssSelector(css)).stream().map(WebElement::getText).collect(Collectors.joining(" | "));
            throw new AssertionError("'" + text + "' did not appear in " + css + " within " + seconds + " s; shown: " + shown
                    + "; browser console: " + browserLog(), e);
        }
    }

    protected static String browserLog() {
        try {
            return browser.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                    .map(e -> e.getLevel() + " " + e.getMessage()).collect(Collectors.joining(" | "));
        } catch (RuntimeException e) {
            return "(unavailable: " + e + ")";
        }
    }

    /** Clicks what css names; a row the live view re-rendered in between is found again. */
    protected static void click(String css) {
        for (int attempt = 1; ; attempt++) {
            try {
                await(15).until(ExpectedConditions.elementToBeClickable(By.cssSelector(css))).click();
                return;
            } catch (StaleElementReferenceException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    protected static void type(String css, String text) {
        WebElement input = find(css);
        input.clear();
        input.sendKeys(text);
    }

    protected static void open(String hash, String heading) {
        browser.get(BASE + "/ui/" + hash);
        waitForText("main h1", heading, 15);
    }

    protected static void screenshot(String name) throws IOException {
        byte[] png = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(SCREENSHOTS.resolve(name + ".png"), png);
    }

    /** The open confirmation dialog's confirm button. */
    protected static void confirmDialog() {
        click("dialog[open] button[type=submit]");
    }

    protected static void cancelDialog() {
        click("dialog[open] button.secondary");
        await(5).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("dialog[open]"), 0));
    }

    protected static String row(String cidr) {
        return "#agents-table tr[data-subnet='" + cidr + "']";
    }

    protected static void signIn(String[] user) {
        type("#field-user", user[0]);
        type("#field-password", user[1]);
        click("#sign-in button[type=submit]");
    }

    protected static void searchAgents(String text) {
        type("#field-q", text);
        await(10).until(d -> d.findElements(By.cssSelector("#agents-table tbody tr")).stream()
                .allMatch(r -> r.getAttribute("data-subnet") != null && r.getAttribute("data-subnet").startsWith(text)));
    }

    /** The Dashboard's charts in the page's order: views/dashboard.js gives each box the id chart-NAME. */
    protected static final java.util.List<String> DASHBOARD_CHARTS = java.util.List.of("coverage", "outcomes", "latency", "failing-subnets");

    /**
     * Waits until each chart of the Dashboard on screen has drawn what the API answered, or said that it has nothing
     * to draw (data-state "ready" or "empty"; "error" is a failure), and returns their states by chart.
     */
    protected static Map<String, String> awaitDashboard() {
        java.util.function.Function<WebDriver, Map<String, String>> states = d -> DASHBOARD_CHARTS.stream().collect(Collectors.toMap(c -> c,
                c -> String.valueOf(d.findElement(By.id("chart-" + c)).getDomAttribute("data-state")), (a, b) -> a, java.util.LinkedHashMap::new));
        try {
            await(20).until(d -> states.apply(d).values().stream().allMatch(s -> s.equals("ready") || s.equals("empty")));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("the Dashboard's charts did not all draw: " + states.apply(browser) + "; "
                    + browser.findElements(By.cssSelector(".chart-card .problem")).stream().map(WebElement::getText).toList()
                    + "; browser console: " + browserLog(), e);
        }
        return states.apply(browser);
    }

    /** Opens every data table of the Dashboard's charts (each is in a closed details element until asked for). */
    protected static void openDataTables() {
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("document.querySelectorAll('details.chart-data').forEach(d => { d.open = true; })");
    }

    /** The labels of the navigation's entries, in order. */
    protected static java.util.List<String> navEntries() {
        return browser.findElements(By.cssSelector("#nav-list a")).stream().map(WebElement::getText).toList();
    }
}
