package io.queueautoscaler.sim.report;

import io.queueautoscaler.sim.RunResult;
import io.queueautoscaler.sim.Scenario;
import io.queueautoscaler.sim.Summary;
import io.queueautoscaler.sim.TimelineRow;
import io.queueautoscaler.sim.TraceWorkload;
import java.util.List;
import java.util.Locale;

/**
 * report.html: one self-contained page (inline SVG and CSS, no script, nothing fetched) with the
 * summary table and charts of arrivals, backlog per queue, desired against in-service capacity,
 * busy slots and message wait. Backlog and wait use a log axis, so a run that keeps its queue near
 * empty stays readable beside one whose backlog runs into thousands; the capacity charts share one
 * axis, so their heights compare. Queues go by their name, the last segment of the policy's URL.
 */
public final class HtmlReport {
    private static final String[] COLORS = {
        "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"
    };

    private HtmlReport() {
    }

    /** @param queueNames each queue's name, in the scenario's (and the policy's) queue order */
    public static String write(TraceWorkload workload, List<String> queueNames, List<RunResult> runs) {
        if (queueNames.size() != workload.queues()) {
            throw new IllegalArgumentException(queueNames.size() + " queue name(s) for " + workload.queues() + " queue(s)");
        }
        Scenario scenario = workload.scenario();
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>Simulation: ").append(SvgChart.escape(scenario.name())).append("</title>\n<style>")
                .append("body{font-family:sans-serif;margin:24px;color:#222;max-width:1000px}")
                .append("table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 6px;text-align:right}")
                .append("th:first-child,td:first-child{text-align:left}svg{display:block;margin:12px 0}")
                .append(".title{font-size:14px;font-weight:bold}.axis{font-size:11px;fill:#555}.legend{font-size:11px}")
                .append(".grid{stroke:#e4e4e4}.reference{stroke:#000;stroke-dasharray:2 2}p.note{font-size:13px;color:#444}")
                .append("</style></head><body>\n");
        html.append("<h1>").append(SvgChart.escape(scenario.name())).append("</h1>\n");
        html.append(String.format(Locale.ROOT, "<p class=\"note\">%d message(s) over %d s on %d queue(s) (%s); "
                        + "instances boot for %d s and serve %d messages at a time; seed %d.</p>%n",
                workload.messages(), workload.traceSeconds(), workload.queues(), SvgChart.escape(slos(workload, queueNames)),
                scenario.fleet().bootSeconds(), scenario.fleet().concurrencyPerInstance(), scenario.seed()));
        table(html, runs);
        html.append("<p class=\"note\">A row named <b>&lt;baseline&gt;@slo</b> is that product tuned to the same SLO: "
                + "its one knob (the alarm threshold, the target backlog per instance, KEDA's queueLength of every "
                + "trigger) scaled down from the value its documentation recommends, by bisection, to the cheapest "
                + "setting with at most 1% of messages waiting longer than their queue's target. The tuning column "
                + "gives the knob and the scale (x 0.250: a quarter of the documented value); \"SLO not met\" means no "
                + "scale down to 1/64 met it and the run with the fewest late messages is shown. Compare the daemon "
                + "with the @slo rows: each product at what it costs to meet the same target.</p>\n");
        double span = workload.traceSeconds();
        for (RunResult run : runs) {
            span = Math.max(span, run.timeline().isEmpty() ? 0 : run.timeline().get(run.timeline().size() - 1).second());
        }
        html.append(arrivals(workload, queueNames, span));
        for (int q = 0; q < workload.queues(); q++) {
            int queue = q;
            SvgChart chart = new SvgChart("Backlog of " + queueNames.get(q) + " (messages waiting; priority " + (q + 1)
                    + " of " + workload.queues() + ")", "messages", 320).span(span).logScale();
            eachRun(runs, (run, color) -> chart.line(run.algorithm(), color, seconds(run), values(run, r -> r.backlog()[queue]), false));
            html.append(chart.render());
        }
        double peak = 0;
        for (RunResult run : runs) {
            for (TimelineRow row : run.timeline()) {
                peak = Math.max(peak, Math.max(row.desired(), row.inService()));
            }
        }
        for (int i = 0; i < runs.size(); i++) {
            RunResult run = runs.get(i);
            SvgChart chart = new SvgChart("Capacity: " + run.algorithm(), "instances", 210).span(span).yAtLeast(peak);
            chart.line("desired", COLORS[i % COLORS.length], seconds(run), values(run, TimelineRow::desired), true);
            chart.line("in service", COLORS[i % COLORS.length], seconds(run), values(run, TimelineRow::inService), false);
            html.append(chart.render());
        }
        SvgChart busy = new SvgChart("Busy slots (messages being served)", "messages in service", 300).span(span);
        eachRun(runs, (run, color) -> busy.line(run.algorithm(), color, seconds(run), values(run, TimelineRow::busySlots), false));
        html.append(busy.render());
        html.append(waits(workload, queueNames, runs, span));
        html.append("<p class=\"note\">Each algorithm runs on the same messages with the same service times. "
                + "Capacity and backlog are sampled at each evaluation of the algorithm; wait is the start of service "
                + "minus arrival, and a message never started counts as waiting until the end of the run.</p>\n");
        return html.append("</body></html>\n").toString();
    }

    private static void table(StringBuilder html, List<RunResult> runs) {
        html.append("<table><tr><th>algorithm</th><th>p50 wait s</th><th>p99 wait s</th><th>max wait s</th>")
                .append("<th>SLO violations</th><th>instance-hours</th><th>utilization</th><th>scaling actions</th>")
                .append("<th>direction changes</th><th>peak</th><th>tuning</th></tr>\n");
        for (RunResult run : runs) {
            Summary s = run.summary();
            html.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%.1f</td><td>%.1f</td><td>%.1f</td><td>%.2f%%</td>"
                            + "<td>%.1f</td><td>%.1f%%</td><td>%d</td><td>%d</td><td>%d</td><td>%s</td></tr>%n",
                    SvgChart.escape(s.algorithm()), s.waitSeconds().p50(), s.waitSeconds().p99(), s.waitSeconds().max(),
                    100 * s.sloViolationRate(), s.instanceSeconds() / 3600, 100 * s.utilization(), s.scalingActions(),
                    s.directionChanges(), s.peakCapacity(), s.tuning().map(t -> String.format(Locale.ROOT, "%s x %.3f%s",
                            t.parameter(), t.scale(), t.met() ? "" : " (SLO not met)")).orElse("")));
        }
        html.append("</table>\n");
    }

    private static String slos(TraceWorkload workload, List<String> queueNames) {
        StringBuilder text = new StringBuilder();
        for (int q = 0; q < workload.queues(); q++) {
            text.append(q == 0 ? "" : ", ").append(queueNames.get(q)).append(": start within ")
                    .append(workload.maxWaitSeconds(q)).append(" s");
        }
        return text.toString();
    }

    private static String arrivals(TraceWorkload workload, List<String> queueNames, double span) {
        SvgChart chart = new SvgChart("Arrivals per minute", "messages per minute", 270).span(span);
        for (int q = 0; q < workload.queues(); q++) {
            int[] perSecond = workload.arrivalsPerSecond(q);
            int minutes = (perSecond.length + 59) / 60;
            double[] xs = new double[minutes];
            double[] ys = new double[minutes];
            for (int s = 0; s < perSecond.length; s++) {
                ys[s / 60] += perSecond[s];
            }
            for (int m = 0; m < minutes; m++) {
                xs[m] = m * 60.0;
            }
            chart.line(queueNames.get(q), COLORS[q % COLORS.length], xs, ys, false);
        }
        return chart.render();
    }

    private static String waits(TraceWorkload workload, List<String> queueNames, List<RunResult> runs, double span) {
        SvgChart chart = new SvgChart("Longest wait of the messages arriving in each minute", "seconds", 320)
                .span(span).logScale();
        eachRun(runs, (run, color) -> {
            double[] ys = run.maxWaitByArrivalMinute();
            double[] xs = new double[ys.length];
            for (int m = 0; m < xs.length; m++) {
                xs[m] = m * 60.0;
            }
            chart.line(run.algorithm(), color, xs, ys, false);
        });
        for (int q = 0; q < workload.queues(); q++) {
            chart.reference(workload.maxWaitSeconds(q), "target of " + queueNames.get(q) + ": " + workload.maxWaitSeconds(q) + " s");
        }
        return chart.render();
    }

    private interface RunColor {
        void accept(RunResult run, String color);
    }

    private static void eachRun(List<RunResult> runs, RunColor action) {
        for (int i = 0; i < runs.size(); i++) {
            action.accept(runs.get(i), COLORS[i % COLORS.length]);
        }
    }

    private static double[] seconds(RunResult run) {
        return run.timeline().stream().mapToDouble(TimelineRow::second).toArray();
    }

    private static double[] values(RunResult run, java.util.function.ToDoubleFunction<TimelineRow> value) {
        return run.timeline().stream().mapToDouble(value).toArray();
    }
}
