package io.queueautoscaler.testing;

import io.queueautoscaler.QueueAutoscalerApplication;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The daemon in a JVM of its own, started from the test class path with a config file and
 * {@code -D} overrides (ports 0), so that a test can kill it the way a machine dies: SIGKILL, no
 * shutdown hook, no goodbye to the cluster. Its log goes to a file named in failures.
 */
public final class DaemonProcess implements AutoCloseable {
    private static final Pattern STARTED = Pattern.compile("Started (application|admin)@\\S+\\{[^}]*\\}\\{[^}]*:(\\d+)\\}");

    private final Process process;
    private final Path log;
    private final CompletableFuture<Integer> applicationPort = new CompletableFuture<>();
    private final CompletableFuture<Integer> adminPort = new CompletableFuture<>();
    /** Done once the process's output has ended and is all in the log file. */
    private final CompletableFuture<Void> logCopied = new CompletableFuture<>();

    private DaemonProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code server <config>} and waits until both connectors listen. */
    public static DaemonProcess start(String config, Map<String, String> systemProperties, Path log,
                                      Duration startTimeout) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path")));
        systemProperties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of(QueueAutoscalerApplication.class.getName(), "server", config));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        DaemonProcess daemon = new DaemonProcess(process, log);
        Thread reader = new Thread(daemon::copyLog, "daemon-log-" + log.getFileName());
        reader.setDaemon(true);
        reader.start();
        try {
            daemon.applicationPort.get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
            daemon.adminPort.get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            daemon.kill();
            throw new IllegalStateException("the daemon did not start within " + startTimeout + "; its log: " + log, e);
        }
        return daemon;
    }

    private void copyLog() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.println(line);
                Matcher m = STARTED.matcher(line);
                if (m.find()) {
                    (m.group(1).equals("application") ? applicationPort : adminPort).complete(Integer.parseInt(m.group(2)));
                }
            }
        } catch (IOException e) {
            applicationPort.completeExceptionally(e);
        } finally {
            applicationPort.completeExceptionally(new IllegalStateException("the daemon exited; its log: " + log));
            adminPort.completeExceptionally(new IllegalStateException("the daemon exited; its log: " + log));
            logCopied.complete(null);
        }
    }

    public int applicationPort() {
        return applicationPort.join();
    }

    public int adminPort() {
        return adminPort.join();
    }

    public Path log() {
        return log;
    }

    /** SIGKILL: the process ends at once, leaving whatever it held in the database behind. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /**
     * SIGTERM: Dropwizard's shutdown hook stops the daemon gracefully. Returns how long the
     * process took to exit, once its whole output is in the log; one still running after
     * {@code timeout} is killed, and the returned time is then longer than the timeout.
     */
    public Duration terminate(Duration timeout) throws InterruptedException {
        long sent = System.nanoTime();
        // Through the handle: Process.destroy() would also close the pipe the daemon logs its stop to.
        process.toHandle().destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - sent);
        try {
            logCopied.get(30, TimeUnit.SECONDS); // its last lines, said while stopping, are in the file
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the daemon's output did not end after it exited; its log: " + log, e);
        }
        return took;
    }

    /** The exit status of a process that has exited: 143 after a SIGTERM that ran the shutdown hooks. */
    public int exitValue() {
        return process.exitValue();
    }

    public boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
