package io.makemore4j.report;

import io.makemore4j.checkpoint.SampleLog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A report as one self-contained HTML page (inline CSS and SVG; no script, font or image to fetch):
 * the runs' losses table, their loss curves overlaid, the config keys in which they differ (every
 * key for one run), their samples (the final ones, and those logged during training with
 * {@code train.sample_every}) and their validation losses. A page of a run that trains reloads
 * itself ({@code <meta http-equiv="refresh">}).
 *
 * <p>Each number sits in an element a test can find: the losses table's cells are
 * {@code td[data-run=NAME][data-field=FIELD]}, the final losses also
 * {@code td[data-run=NAME][data-split=train|val|test]}, each with the full value in {@code data-value};
 * validation rows {@code tr[data-run=NAME][data-step=N]} with {@code td[data-field=val_loss]}; samples
 * during training {@code table.training-samples[data-run=NAME] tr[data-step=N] td[data-field=items]}.
 */
final class ReportPage {

    /** Seconds between reloads of a page of a run that trains. */
    static final int REFRESH_SECONDS = 10;

    private static final String STYLE = """
            body{font-family:sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse;margin:.5em 0}
            th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left}td.num{text-align:right;font-variant-numeric:tabular-nums}
            th{background:#f3f3f3}.tick{font-size:11px;fill:#555}.axis{font-size:12px;fill:#333}
            .swatch{display:inline-block;width:1em;height:.6em;margin:0 .3em 0 1em}ul.samples{list-style:none;padding:0;font-family:monospace}
            ul.samples li{white-space:pre}
            .problem{color:#a00}.note{color:#555;font-size:90%}
            """;

    private ReportPage() {
    }

    /**
     * The page of {@code runs} with their {@code samples} and their samples {@code during} training (both by run name).
     *
     * @param refresh whether the page reloads itself (a run that trains)
     */
    static String html(String title, List<RunSummary> runs, Map<String, List<String>> samples,
                       Map<String, List<SampleLog.Entry>> during, boolean refresh) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        if (refresh) {
            h.append("<meta http-equiv=\"refresh\" content=\"").append(REFRESH_SECONDS).append("\">\n");
        }
        h.append("<title>").append(Html.escape(title)).append("</title>\n<style>").append(STYLE).append("</style>\n</head>\n<body>\n");
        h.append("<h1>").append(Html.escape(title)).append("</h1>\n");
        h.append("<p class=\"note\">Written ").append(Instant.now()).append(" from the runs' own files (metrics.json, loss.csv, "
                + "status.json, config.yaml, samples.txt)").append(refresh ? "; reloads every " + REFRESH_SECONDS + " s while the run trains"
                : "").append(".</p>\n");
        losses(h, runs);
        h.append("<h2>Loss curves</h2>\n").append(SvgChart.of(runs));
        legend(h, runs);
        config(h, runs);
        samples(h, runs, samples);
        samplesDuringTraining(h, runs, during);
        validation(h, runs);
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    private static void losses(StringBuilder h, List<RunSummary> runs) {
        h.append("<h2>Losses</h2>\n<table id=\"runs\">\n<thead><tr><th>run</th><th>type</th><th>params</th><th>steps</th><th>status</th>"
                + "<th>best val</th><th>at step</th><th>train</th><th>val</th><th>test</th><th>lr</th><th>time</th><th>corpus</th></tr></thead>\n"
                + "<tbody>\n");
        for (RunSummary r : runs) {
            String run = Html.escape(r.name());
            h.append("<tr data-run=\"").append(run).append("\" data-state=\"").append(r.status().state().label()).append("\">");
            cell(h, r, "name", r.name(), "", false);
            cell(h, r, "type", r.modelType(), "", false);
            cell(h, r, "params", Numbers.count(r.trainableParams()), r.trainableParams() < 0 ? "" : String.valueOf(r.trainableParams()), true);
            cell(h, r, "steps", r.stepsDone() < 0 ? "-" : r.stepsDone() + " / " + r.stepsPlanned(),
                    r.stepsDone() < 0 ? "" : String.valueOf(r.stepsDone()), true);
            cell(h, r, "status", r.status().text() + (r.status().problem() == null ? "" : ": " + r.status().problem()),
                    r.status().state().label(), false);
            cell(h, r, "best_val", Numbers.lossOrDash(r.bestVal()), Html.value(r.bestVal()), true);
            cell(h, r, "best_val_step", r.bestValStep() < 0 ? "-" : String.valueOf(r.bestValStep()),
                    r.bestValStep() < 0 ? "" : String.valueOf(r.bestValStep()), true);
            split(h, r, "train", r.trainLoss());
            split(h, r, "val", r.valLoss());
            split(h, r, "test", r.testLoss());
            double lr = r.curve() == null ? Double.NaN : r.curve().lr();
            cell(h, r, "lr", Double.isNaN(lr) ? "-" : String.format(java.util.Locale.ROOT, "%.4g", lr), Html.value(lr), true);
            cell(h, r, "time", Numbers.duration(r.elapsedS()), Html.value(r.elapsedS()), true);
            cell(h, r, "corpus", r.corpus(), "", false);
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table>\n<p class=\"note\">train, val, test: the final losses of metrics.json (a run that has not "
                + "finished has none); best val: the lowest validation loss in loss.csv; lr: the learning rate of its last step.</p>\n");
    }

    private static void split(StringBuilder h, RunSummary r, String split, double loss) {
        h.append("<td class=\"num\" data-run=\"").append(Html.escape(r.name())).append("\" data-field=\"").append(split)
                .append("\" data-split=\"").append(split).append("\" data-value=\"").append(Html.value(loss)).append("\">")
                .append(Numbers.lossOrDash(loss)).append("</td>");
    }

    private static void cell(StringBuilder h, RunSummary r, String field, String text, String value, boolean numeric) {
        h.append("<td").append(numeric ? " class=\"num\"" : "").append(" data-run=\"").append(Html.escape(r.name()))
                .append("\" data-field=\"").append(field).append('"');
        if (!value.isEmpty()) {
            h.append(" data-value=\"").append(Html.escape(value)).append('"');
        }
        h.append('>').append(Html.escape(text)).append("</td>");
    }

    private static void legend(StringBuilder h, List<RunSummary> runs) {
        h.append("<p class=\"legend\">");
        for (int i = 0; i < runs.size(); i++) {
            RunSummary r = runs.get(i);
            h.append("<span class=\"swatch\" style=\"background:").append(SvgChart.COLOURS[i % SvgChart.COLOURS.length]).append("\"></span>")
                    .append(Html.escape(r.name()));
            if (r.curve() != null) {
                h.append(" (line: training loss, mean of ").append(r.curve().window()).append(" steps; dots: validation)");
            }
        }
        h.append("</p>\n");
    }

    /** The keys whose values differ between the runs (every key for one run), a column per run. */
    private static void config(StringBuilder h, List<RunSummary> runs) {
        List<RunSummary> readable = runs.stream().filter(r -> !r.config().isEmpty()).toList();
        List<String> keys = new ArrayList<>();
        if (!readable.isEmpty()) {
            for (String key : readable.get(0).config().keySet()) {
                boolean differs = readable.stream().anyMatch(r -> !Objects.equals(r.config().get(key), readable.get(0).config().get(key)));
                if (readable.size() == 1 || differs) {
                    keys.add(key);
                }
            }
        }
        h.append(readable.size() == 1 ? "<h2>Config</h2>\n" : "<h2>Config keys in which the runs differ</h2>\n");
        if (keys.isEmpty()) {
            h.append("<p id=\"config-diff\">").append(readable.isEmpty() ? "no readable config" : "none: the runs share every key")
                    .append("</p>\n");
            return;
        }
        h.append("<table id=\"config-diff\">\n<thead><tr><th>key</th>");
        readable.forEach(r -> h.append("<th>").append(Html.escape(r.name())).append("</th>"));
        h.append("</tr></thead>\n<tbody>\n");
        for (String key : keys) {
            h.append("<tr data-key=\"").append(Html.escape(key)).append("\"><td>").append(Html.escape(key)).append("</td>");
            readable.forEach(r -> h.append("<td data-run=\"").append(Html.escape(r.name())).append("\">")
                    .append(Html.escape(String.valueOf(r.config().get(key)))).append("</td>"));
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table>\n");
    }

    private static void samples(StringBuilder h, List<RunSummary> runs, Map<String, List<String>> samples) {
        h.append("<h2>Samples</h2>\n");
        for (RunSummary r : runs) {
            List<String> lines = samples.getOrDefault(r.name(), List.of());
            h.append("<h3>").append(Html.escape(r.name())).append("</h3>\n");
            if (lines.isEmpty()) {
                h.append("<p class=\"samples\" data-run=\"").append(Html.escape(r.name())).append("\">none yet (samples.txt is written "
                        + "when the run finishes)</p>\n");
                continue;
            }
            h.append("<ul class=\"samples\" data-run=\"").append(Html.escape(r.name())).append("\">\n");
            lines.forEach(line -> h.append("<li>").append(Html.escape(line)).append("</li>\n"));
            h.append("</ul>\n");
        }
    }

    private static void samplesDuringTraining(StringBuilder h, List<RunSummary> runs, Map<String, List<SampleLog.Entry>> during) {
        if (during.values().stream().allMatch(List::isEmpty)) {
            return;
        }
        h.append("<h2>Samples during training</h2>\n");
        for (RunSummary r : runs) {
            List<SampleLog.Entry> entries = during.getOrDefault(r.name(), List.of());
            if (entries.isEmpty()) {
                continue;
            }
            String run = Html.escape(r.name());
            h.append("<h3>").append(run).append("</h3>\n<table class=\"training-samples\" data-run=\"").append(run)
                    .append("\">\n<thead><tr><th>step</th><th>items</th></tr></thead>\n<tbody>\n");
            for (SampleLog.Entry e : entries) {
                h.append("<tr data-step=\"").append(e.step()).append("\"><td class=\"num\">").append(e.step())
                        .append("</td><td data-field=\"items\">").append(Html.escape(String.join(", ", e.items()))).append("</td></tr>\n");
            }
            h.append("</tbody>\n</table>\n");
        }
    }

    private static void validation(StringBuilder h, List<RunSummary> runs) {
        h.append("<h2>Validation losses</h2>\n");
        for (RunSummary r : runs) {
            if (r.curve() == null || r.curve().validation().isEmpty()) {
                continue;
            }
            String run = Html.escape(r.name());
            h.append("<details").append(runs.size() == 1 ? " open" : "").append("><summary>").append(run).append("</summary>\n")
                    .append("<table class=\"validation\" data-run=\"").append(run).append("\">\n<thead><tr><th>step</th><th>val loss</th>"
                            + "</tr></thead>\n<tbody>\n");
            for (LossCurve.Point p : r.curve().validation()) {
                h.append("<tr data-run=\"").append(run).append("\" data-step=\"").append((long) p.step()).append("\"><td class=\"num\">")
                        .append((long) p.step()).append("</td><td class=\"num\" data-field=\"val_loss\" data-value=\"")
                        .append(Html.value(p.loss())).append("\">").append(Numbers.loss(p.loss())).append("</td></tr>\n");
            }
            h.append("</tbody>\n</table>\n</details>\n");
        }
    }
}
