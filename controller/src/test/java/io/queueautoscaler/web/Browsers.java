package io.queueautoscaler.web;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless chromium and its chromedriver for browser tests. Absent (a laptop without
 * them), the tests are skipped with a notice, unless QUEUE_AUTOSCALER_REQUIRE_BROWSER=true (set
 * by .ci/run), where their absence fails them.
 */
final class Browsers {
    private static final List<String> CHROMIUM = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
    private static final List<String> DRIVER = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

    private Browsers() {
    }

    static ChromeDriver headlessChromium() {
        Optional<Path> browser = find(CHROMIUM);
        Optional<Path> driver = find(DRIVER);
        if (browser.isEmpty() || driver.isEmpty()) {
            String missing = "chromium and chromedriver are needed (Debian: apt-get install -y chromium chromium-driver); found "
                    + browser.map(Path::toString).orElse("no chromium") + ", " + driver.map(Path::toString).orElse("no chromedriver");
            if (Boolean.parseBoolean(System.getenv("QUEUE_AUTOSCALER_REQUIRE_BROWSER"))) {
                throw new IllegalStateException("a browser is required (QUEUE_AUTOSCALER_REQUIRE_BROWSER=true): " + missing);
            }
            System.err.println("NOTICE: skipping browser tests: " + missing);
            Assumptions.abort(missing);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser.get().toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--window-size=1400,1600");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.get().toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static Optional<Path> find(List<String> candidates) {
        return candidates.stream().map(Path::of).filter(Files::isExecutable).findFirst();
    }
}
