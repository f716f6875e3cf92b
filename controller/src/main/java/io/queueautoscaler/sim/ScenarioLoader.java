package io.queueautoscaler.sim;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads a scenario YAML file and its traces (paths relative to the scenario file) into a workload. */
public final class ScenarioLoader {
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    public TraceWorkload load(Path scenarioFile) {
        Scenario scenario = parse(scenarioFile);
        Path base = scenarioFile.toAbsolutePath().getParent();
        List<int[]> traces = new ArrayList<>();
        for (ScenarioQueue queue : scenario.queues()) {
            traces.add(readTrace(base.resolve(queue.trace()).normalize()));
        }
        try {
            return new TraceWorkload(scenario, traces);
        } catch (IllegalArgumentException e) {
            throw new ScenarioException("scenario " + scenarioFile + ": " + e.getMessage(), e);
        }
    }

    Scenario parse(Path scenarioFile) {
        try {
            return yaml.readValue(scenarioFile.toFile(), Scenario.class);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ScenarioException("scenario " + scenarioFile + where(e.getLocation()) + ": " + cause.getMessage(), e);
        } catch (JsonMappingException e) {
            throw new ScenarioException("scenario " + scenarioFile + where(e.getLocation()) + ", field " + field(e)
                    + ": " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new ScenarioException("scenario " + scenarioFile + where(e.getLocation()) + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ScenarioException("cannot read scenario " + scenarioFile + ": " + e.getMessage(), e);
        }
    }

    private static String field(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "(top level)" : path.toString();
    }

    private static String where(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? "" : " line " + location.getLineNr();
    }

    /**
     * A trace: a header line {@code second,arrivals}, then one line per second in increasing
     * order; seconds a trace skips send nothing.
     */
    static int[] readTrace(Path file) {
        int[] counts = new int[1024];
        int length = 0;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = reader.readLine();
            if (header == null || !header.strip().equals("second,arrivals")) {
                throw new ScenarioException("trace " + file + " line 1: expected the header second,arrivals, found " + header);
            }
            String line;
            int lineNumber = 1;
            long previous = -1;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",", -1);
                if (cells.length != 2) {
                    throw new ScenarioException("trace " + file + " line " + lineNumber + ": expected second,arrivals, found " + line);
                }
                long second = parse(file, lineNumber, cells[0]);
                long arrivals = parse(file, lineNumber, cells[1]);
                if (second <= previous) {
                    throw new ScenarioException("trace " + file + " line " + lineNumber + ": seconds must increase, "
                            + second + " follows " + previous);
                }
                if (second > 30L * 86_400 || arrivals > Integer.MAX_VALUE) {
                    throw new ScenarioException("trace " + file + " line " + lineNumber + ": value out of range: " + line);
                }
                previous = second;
                if (second >= counts.length) {
                    counts = Arrays.copyOf(counts, (int) Math.max(second + 1, counts.length * 2L));
                }
                counts[(int) second] = (int) arrivals;
                length = (int) second + 1;
            }
        } catch (IOException e) {
            throw new ScenarioException("cannot read trace " + file + ": " + e.getMessage(), e);
        }
        return Arrays.copyOf(counts, length);
    }

    private static long parse(Path file, int lineNumber, String cell) {
        try {
            long value = Long.parseLong(cell.strip());
            if (value < 0) {
                throw new NumberFormatException("negative");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ScenarioException("trace " + file + " line " + lineNumber + ": not a whole number of at least 0: " + cell);
        }
    }
}
