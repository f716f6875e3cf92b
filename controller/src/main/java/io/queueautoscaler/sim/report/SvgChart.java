package io.queueautoscaler.sim.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line chart as inline SVG, over time in seconds: axes with round ticks and a unit on each, a
 * legend, optional horizontal reference lines. The value axis is linear, or logarithmic (log10 of
 * 1 + value, so zero stays on the chart) where one line's peaks would flatten the others' lows.
 * Long series are reduced to at most {@link #MAX_POINTS} points by keeping each bucket's highest
 * value, so peaks survive and the page stays small.
 */
final class SvgChart {
    static final int MAX_POINTS = 720;
    private static final int WIDTH = 960;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int BOTTOM = 50;
    private static final String TIME_LABEL = "time since the trace started (h:mm)";

    private final String title;
    private final String yLabel;
    private final int height;
    private final List<Series> series = new ArrayList<>();
    private final List<double[]> references = new ArrayList<>();
    private final List<String> referenceLabels = new ArrayList<>();
    private double span = 1;
    private double yFloor = 0;
    private boolean log;

    private record Series(String name, String color, double[] xs, double[] ys, boolean dashed) {
    }

    SvgChart(String title, String yLabel, int height) {
        this.title = title;
        this.yLabel = yLabel;
        this.height = height;
    }

    SvgChart line(String name, String color, double[] xs, double[] ys, boolean dashed) {
        if (xs.length != ys.length) {
            throw new IllegalArgumentException("series " + name + " has " + xs.length + " times but " + ys.length + " values");
        }
        series.add(reduce(new Series(name, color, xs, ys, dashed)));
        return this;
    }

    /** The time axis runs from 0 to at least {@code seconds}, so charts of one report line up. */
    SvgChart span(double seconds) {
        span = Math.max(1, seconds);
        return this;
    }

    /** The value axis reaches at least {@code value}, so charts meant to be compared share it. */
    SvgChart yAtLeast(double value) {
        yFloor = Math.max(yFloor, value);
        return this;
    }

    /** A logarithmic value axis with ticks at 0, 1, 10, 100, ... */
    SvgChart logScale() {
        log = true;
        return this;
    }

    SvgChart reference(double y, String label) {
        references.add(new double[] {y});
        referenceLabels.add(label);
        return this;
    }

    String render() {
        double xMax = span;
        double yMax = yFloor;
        for (Series s : series) {
            for (int i = 0; i < s.xs.length; i++) {
                xMax = Math.max(xMax, s.xs[i]);
                yMax = Math.max(yMax, s.ys[i]);
            }
        }
        for (double[] r : references) {
            yMax = Math.max(yMax, r[0]);
        }
        List<Double> yTicks = log ? logTicks(yMax) : linearTicks(yMax);
        double yTop = yTicks.get(yTicks.size() - 1);
        double xStep = timeStep(xMax);
        StringBuilder legend = new StringBuilder();
        double lx = LEFT;
        int ly = 32;
        for (Series s : series) {
            double itemWidth = 28 + 6.6 * s.name.length();
            if (lx + itemWidth > WIDTH - RIGHT && lx > LEFT) {
                lx = LEFT;
                ly += 16;
            }
            legend.append(String.format(Locale.ROOT, "<line x1=\"%.0f\" y1=\"%d\" x2=\"%.0f\" y2=\"%d\" stroke=\"%s\" "
                    + "stroke-width=\"3\"%s/><text x=\"%.0f\" y=\"%d\" class=\"legend\">%s</text>%n", lx, ly - 4, lx + 16,
                    ly - 4, s.color, s.dashed ? " stroke-dasharray=\"5 3\"" : "", lx + 20, ly, escape(s.name)));
            lx += itemWidth;
        }
        int top = ly + 14;
        Frame f = new Frame(xMax, scaled(yTop), height, top);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
                + "width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"%s\">%n", WIDTH, height, WIDTH, height, escape(title)));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" class=\"title\">%s</text>%n", LEFT, escape(title)));
        svg.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" class=\"axis\" transform=\"rotate(-90 14 %d)\" "
                + "text-anchor=\"middle\">%s</text>%n", (top + height - BOTTOM) / 2, (top + height - BOTTOM) / 2, escape(log ? yLabel + ", log scale" : yLabel)));
        for (double y : yTicks) {
            double py = f.y(scaled(y));
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" class=\"grid\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" class=\"axis\" text-anchor=\"end\">%s</text>%n",
                    LEFT, py, WIDTH - RIGHT, py, LEFT - 6, py + 4, number(y)));
        }
        for (double x = 0; x <= xMax + 1e-9; x += xStep) {
            double px = f.x(x);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" class=\"grid\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" class=\"axis\" text-anchor=\"middle\">%s</text>%n",
                    px, top, px, height - BOTTOM, px, height - BOTTOM + 16, clock(x, xStep)));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"axis\" text-anchor=\"middle\">%s</text>%n",
                (LEFT + WIDTH - RIGHT) / 2, height - 6, TIME_LABEL));
        for (int i = 0; i < references.size(); i++) {
            double py = f.y(scaled(references.get(i)[0]));
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" class=\"reference\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" class=\"axis\" text-anchor=\"end\">%s</text>%n",
                    LEFT, py, WIDTH - RIGHT, py, WIDTH - RIGHT - 4, py - 4, escape(referenceLabels.get(i))));
        }
        for (Series s : series) {
            svg.append("<polyline fill=\"none\" stroke=\"").append(s.color).append("\" stroke-width=\"1.4\"")
                    .append(s.dashed ? " stroke-dasharray=\"5 3\"" : "").append(" points=\"");
            for (int i = 0; i < s.xs.length; i++) {
                svg.append(String.format(Locale.ROOT, "%.1f,%.1f ", f.x(s.xs[i]), f.y(scaled(s.ys[i]))));
            }
            svg.append("\"><title>").append(escape(s.name)).append("</title></polyline>\n");
        }
        return svg.append(legend).append("</svg>\n").toString();
    }

    private record Frame(double xMax, double yTop, int height, int top) {
        double x(double value) {
            return LEFT + value / xMax * (WIDTH - LEFT - RIGHT);
        }

        double y(double value) {
            return height - BOTTOM - value / yTop * (height - top - BOTTOM);
        }
    }

    private double scaled(double value) {
        return log ? Math.log10(1 + Math.max(0, value)) : value;
    }

    private static List<Double> linearTicks(double yMax) {
        double step = niceStep(yMax <= 0 ? 1 : yMax, 5);
        double top = Math.max(step, Math.ceil(yMax / step) * step);
        List<Double> ticks = new ArrayList<>();
        for (double y = 0; y <= top + step / 2; y += step) {
            ticks.add(y);
        }
        return ticks;
    }

    /** 0, 1, 10, ... up to the first power of ten at or above {@code yMax} (at least 10). */
    private static List<Double> logTicks(double yMax) {
        List<Double> ticks = new ArrayList<>(List.of(0.0, 1.0));
        double tick = 1;
        while (tick < Math.max(10, yMax)) {
            tick *= 10;
            ticks.add(tick);
        }
        return ticks;
    }

    private static Series reduce(Series s) {
        int n = s.xs.length;
        if (n <= MAX_POINTS) {
            return s;
        }
        int buckets = MAX_POINTS / 2;
        double[] xs = new double[buckets * 2];
        double[] ys = new double[buckets * 2];
        int k = 0;
        for (int b = 0; b < buckets; b++) {
            int from = (int) ((long) b * n / buckets);
            int to = (int) ((long) (b + 1) * n / buckets);
            if (from >= to) {
                continue;
            }
            double high = Double.NEGATIVE_INFINITY;
            for (int i = from; i < to; i++) {
                high = Math.max(high, s.ys[i]);
            }
            xs[k] = s.xs[from];
            ys[k++] = high;
            xs[k] = s.xs[to - 1];
            ys[k++] = high;
        }
        return new Series(s.name, s.color, java.util.Arrays.copyOf(xs, k), java.util.Arrays.copyOf(ys, k), s.dashed);
    }

    static double niceStep(double range, int ticks) {
        double raw = range / ticks;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * magnitude >= raw) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static double timeStep(double seconds) {
        for (double step : new double[] {60, 300, 600, 900, 1800, 3600, 7200, 14_400, 43_200, 86_400}) {
            if (seconds / step <= 12) {
                return step;
            }
        }
        return 86_400;
    }

    private static String clock(double seconds, double step) {
        long s = Math.round(seconds);
        if (step >= 3600) {
            return (s / 3600) + "h";
        }
        return String.format(Locale.ROOT, "%d:%02d", s / 3600, (s % 3600) / 60);
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.2f", value);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
