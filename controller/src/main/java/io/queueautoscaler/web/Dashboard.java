package io.queueautoscaler.web;

import io.dropwizard.core.setup.Environment;
import io.dropwizard.servlets.assets.AssetServlet;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * The dashboard: static pages from the jar, served on the application port beside the API they
 * call. {@code /} is the page itself (the servlet mapping "" matches the root exactly, so the
 * API keeps every other path), {@code /dashboard/*} its scripts and styles, and
 * {@code /dashboard/vendor/*} the uPlot charting library from its WebJar: nothing is fetched
 * from a CDN, so the page works on a machine without internet.
 */
public final class Dashboard {
    private static final String UPLOT = "META-INF/maven/org.webjars.npm/uplot/pom.properties";

    private Dashboard() {
    }

    public static void register(Environment environment) {
        var servlets = environment.servlets();
        servlets.addServlet("dashboard-index", new AssetServlet("/dashboard", "/", "index.html", StandardCharsets.UTF_8))
                .addMapping("");
        servlets.addServlet("dashboard-assets", new AssetServlet("/dashboard", "/dashboard", null, StandardCharsets.UTF_8))
                .addMapping("/dashboard/*");
        servlets.addServlet("dashboard-vendor", new AssetServlet("/META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist",
                "/dashboard/vendor", null, StandardCharsets.UTF_8)).addMapping("/dashboard/vendor/*");
    }

    /** The WebJar's own version, so that the pom is the one place that names it. */
    static String uplotVersion() {
        try (InputStream in = Dashboard.class.getClassLoader().getResourceAsStream(UPLOT)) {
            if (in == null) {
                throw new IllegalStateException("the uPlot WebJar is missing from the classpath (" + UPLOT + ")");
            }
            Properties properties = new Properties();
            properties.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + UPLOT, e);
        }
    }
}
