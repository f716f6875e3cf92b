package io.queueautoscaler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.core.Application;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.util.JarLocation;
import io.queueautoscaler.policy.yaml.PolicyLoadException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import net.sourceforge.argparse4j.inf.ArgumentParserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the command through Dropwizard's own command line, as {@code java -jar ... validate-policies DIR} does. */
class ValidatePoliciesCommandTest {

    private final ByteArrayOutputStream stdOut = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stdErr = new ByteArrayOutputStream();

    @Test
    void countsTheValidPoliciesOfTheShippedExamples() {
        Optional<Throwable> failure = run("validate-policies", "../policies");

        assertThat(failure).isEmpty();
        assertThat(out()).isEqualTo("3 policies valid in ../policies\n");
        assertThat(err()).isEmpty();
    }

    @Test
    void printsEveryProblemOnItsOwnLineAndFails(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yml"), """
                metadata:
                  name: thumbnails
                spec:
                  target: { autoScalingGroupName: thumbnails-workers, minCapacity: 5, maxCapacity: 3 }
                  queues:
                    - url: https://sqs.us-east-1.amazonaws.com/123456789012/thumbnails
                  evaluationIntervalSeconds: 0
                """);

        Optional<Throwable> failure = run("validate-policies", dir.toString());

        assertThat(failure).containsInstanceOf(PolicyLoadException.class);
        assertThat(out()).isEmpty();
        assertThat(err()).isEqualTo(
                dir.resolve("a.yml") + ":4 spec.target.maxCapacity: 3 is below minCapacity 5\n"
                        + dir.resolve("a.yml") + ":7 spec.evaluationIntervalSeconds: 0 is below the minimum 1\n"
                        + "2 problems in " + dir + "\n");
    }

    @Test
    void failsOnADirectoryThatDoesNotExist(@TempDir Path dir) {
        String missing = dir.resolve("missing").toString();

        Optional<Throwable> failure = run("validate-policies", missing);

        assertThat(failure).containsInstanceOf(PolicyLoadException.class);
        assertThat(err()).isEqualTo(missing + " does not exist; give the directory that holds the policy files\n"
                + "1 problem in " + missing + "\n");
    }

    @Test
    void needsTheDirectoryArgument() {
        Optional<Throwable> failure = run("validate-policies");

        assertThat(failure).containsInstanceOf(ArgumentParserException.class);
        assertThat(err()).contains("validate-policies").contains("DIR");
    }

    private Optional<Throwable> run(String... arguments) {
        Bootstrap<Configuration> bootstrap = new Bootstrap<>(new Application<>() {
            @Override
            public void run(Configuration configuration, Environment environment) {
                // The command under test never starts the application.
            }
        });
        bootstrap.addCommand(new ValidatePoliciesCommand(new PrintStream(stdOut, true, StandardCharsets.UTF_8)));
        return new Cli(new JarLocation(getClass()), bootstrap, stdOut, stdErr).run(arguments);
    }

    private String out() {
        return stdOut.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return stdErr.toString(StandardCharsets.UTF_8);
    }
}
