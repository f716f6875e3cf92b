package io.queueautoscaler.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.queueautoscaler.QueueAutoscalerConfiguration;
import io.queueautoscaler.api.PolicyJson;
import io.queueautoscaler.testing.LocalYml;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser on the embedded default: log in with the admin token, see a
 * policy's chart with points, filter the decisions, pause and resume a policy from the page.
 */
class DashboardBrowserTest {
    private static final String ADMIN = "local-admin-token";
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @TempDir
    Path data;
    private DropwizardAppExtension<QueueAutoscalerConfiguration> app;
    private WebDriver browser;

    @BeforeEach
    void start() throws Exception {
        browser = Browsers.headlessChromium();
        app = LocalYml.app(Map.of(
                "database.url", "jdbc:h2:file:" + data.resolve("qa") + ";DB_CLOSE_ON_EXIT=FALSE",
                "logging.level", "WARN"));
        app.before();
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (app != null) {
            app.after();
        }
    }

    /** The page redraws its tables every 10 s: an element found a moment ago may be gone, so look again. */
    private WebDriverWait waiting() {
        WebDriverWait wait = new WebDriverWait(browser, PATIENCE, Duration.ofMillis(500));
        wait.ignoring(StaleElementReferenceException.class);
        wait.withMessage(() -> "the page shows: " + js("return document.querySelector('#error').textContent + ' | '"
                + " + document.querySelector('#control-message').textContent"));
        return wait;
    }

    private void click(By what) {
        waiting().until(d -> {
            d.findElement(what).click();
            return true;
        });
    }

    private Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    private PolicyJson policy(String name) {
        return app.client().target("http://127.0.0.1:" + app.getLocalPort() + "/v1/policies/" + name).request()
                .header("Authorization", "Bearer " + ADMIN).get(PolicyJson.class);
    }

    @Test
    void logsInChartsAPolicyFiltersDecisionsAndPausesAndResumesIt() {
        browser.get("http://127.0.0.1:" + app.getLocalPort() + "/");
        waiting().until(d -> d.findElement(By.id("login")).isDisplayed());
        browser.findElement(By.id("token")).sendKeys("not-the-token");
        browser.findElement(By.id("login-button")).click();
        waiting().until(d -> d.findElement(By.id("login-error")).getText().contains("refused"));
        browser.findElement(By.id("token")).clear();
        browser.findElement(By.id("token")).sendKeys(ADMIN);
        browser.findElement(By.id("login-button")).click();

        waiting().until(d -> d.findElements(By.cssSelector("#policies tbody tr[data-policy]")).size() == 3);
        click(By.cssSelector("#policies tr[data-policy='thumbnails']"));
        waiting().until(d -> ((Number) js("const s = window.dashboard.series; return s && s.policy === 'thumbnails' "
                + "&& window.dashboard.charts.capacity ? window.dashboard.charts.capacity.data[0].length : 0")).intValue() > 0);
        long points = ((Number) js("return window.dashboard.charts.capacity.data[1].filter(v => v !== null).length")).longValue();
        assertThat(points).as("desired capacity points on the chart").isPositive();
        assertThat(((Number) js("return window.dashboard.charts.queues.data[1].filter(v => v !== null).length")).longValue())
                .as("backlog points on the queue chart").isPositive();
        assertThat(browser.findElements(By.cssSelector("#chart-capacity canvas"))).isNotEmpty();

        new Select(browser.findElement(By.id("filter-policy"))).selectByValue("reports-step");
        waiting().until(d -> {
            List<WebElement> rows = d.findElements(By.cssSelector("#decisions tr.decision td:nth-child(2)"));
            return !rows.isEmpty() && rows.stream().allMatch(td -> td.getText().equals("reports-step"));
        });
        String chosen = (String) js("return document.querySelector('#filter-action').options[1].value");
        waiting().until(d -> {
            new Select(d.findElement(By.id("filter-action"))).selectByValue(chosen);
            return true;
        });
        waiting().until(d -> {
            List<WebElement> rows = d.findElements(By.cssSelector("#decisions tr.decision td:nth-child(3)"));
            return !rows.isEmpty() && rows.stream().allMatch(td -> td.getText().equals(chosen));
        });
        waiting().until(d -> {
            d.findElement(By.cssSelector("#decisions tr.decision")).click();
            return d.findElement(By.cssSelector("#decisions tr.details table.stages")).isDisplayed();
        });

        browser.findElement(By.id("pause-reason")).sendKeys("browser test");
        click(By.id("pause-button"));
        waiting().until(d -> d.findElement(By.cssSelector("#policies tr[data-policy='thumbnails']")).getText().contains("paused"));
        assertThat(policy("thumbnails").status().paused().reason()).isEqualTo("browser test");
        waiting().until(d -> d.findElement(By.id("policy-state")).getText().contains("browser test"));

        click(By.id("resume-button"));
        waiting().until(d -> !d.findElement(By.cssSelector("#policies tr[data-policy='thumbnails']")).getText().contains("paused"));
        assertThat(policy("thumbnails").status().paused()).isNull();
    }
}
