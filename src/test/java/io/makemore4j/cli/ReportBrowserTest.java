package io.makemore4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The run's own {@code report.html} and the {@code report} of several runs as a real browser shows
 * them (headless Chromium; the DOM after its scripts, if any, ran): a training run's page, opened
 * while it trains, has the validation losses of {@code loss.csv} so far; {@code report} on three
 * runs, opened with every connection but to this machine refused, shows each run's validation and
 * test loss as its {@code metrics.json} has them, to four decimals, and names nothing on the network.
 */
class ReportBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    /** A URL to fetch: anything with a scheme but the SVG namespace name (an identifier, never fetched). */
    private static final Pattern URL = Pattern.compile("(https?|ftp|wss?)://(?!www\\.w3\\.org/2000/svg)[^\"' )]+");

    @TempDir
    Path tmp;

    @Test
    void aRunsOwnPageOpenedWhileItTrainsShowsTheValidationLossesSoFar() throws Exception {
        Chromium chromium = Chromium.require("ReportBrowserTest", tmp);
        Path corpus = TestRuns.smallCorpus(tmp);
        List<String> train = TestRuns.train(tmp, "live", corpus, "train.steps=50000", "train.eval_every=100",
                "train.checkpoint_every=100000", "train.log_every=1000");
        Path page = tmp.resolve("live").resolve("report.html");
        Document dom;
        try (ChildJvm child = ChildJvm.start(train, Map.of())) {
            awaitPageWithStep(page, 200, child);   // pages come at evaluations, no closer than 20 times their write time
            dom = Jsoup.parse(chromium.dumpDom(page.toUri().toString()));
            assertTrue(child.isAlive(), "the run ended before the test could look at it:\n" + child.tail());
            child.interrupt();
            assertEquals(ExitCodes.INTERRUPTED, child.waitFor(PATIENCE), child.tail());
        }
        assertFalse(dom.select("meta[http-equiv=refresh]").isEmpty(), "the page reloads itself while the run trains");
        Map<Integer, Double> validation = validationLosses(tmp.resolve("live").resolve("loss.csv"));
        List<Element> rows = dom.select("table.validation tr[data-run=live]");
        assertTrue(rows.size() >= 2, "validation rows: " + rows);   // 100 and 200 at least
        List<Integer> steps = new ArrayList<>();
        for (Element row : rows) {
            int step = Integer.parseInt(row.attr("data-step"));
            steps.add(step);
            Double loss = validation.get(step);
            if (loss == null) {
                fail("the page has a validation loss at step " + step + ", loss.csv does not");
            }
            assertEquals(String.format(Locale.ROOT, "%.4f", loss), one(row, "td[data-field=val_loss]").text(), "step " + step);
        }
        assertEquals(new ArrayList<>(validation.keySet()).subList(0, steps.size()), steps, "every evaluation so far, in order");
    }

    @Test
    void theReportOfThreeRunsShowsTheirMetricsOfflineAndNamesNothingOnTheNetwork() throws Exception {
        Chromium chromium = Chromium.require("ReportBrowserTest", tmp).offline();
        Path corpus = TestRuns.smallCorpus(tmp);
        List<String> runs = List.of("lr0.03", "lr0.1", "lr0.3");
        for (String run : runs) {
            CliRunner trained = TestRuns.run(TestRuns.train(tmp, run, corpus, "train.steps=150", "train.eval_every=50",
                    "train.checkpoint_every=150", "train.samples=3", "train.lr=" + run.substring(2)));
            assertEquals(0, trained.exitCode(), trained.err());
        }
        Path html = tmp.resolve("cmp.html");
        List<String> command = new ArrayList<>(List.of("report", "--checkpoints", tmp.toString(), "-o", html.toString()));
        command.addAll(runs);
        CliRunner report = TestRuns.run(command);
        assertEquals(0, report.exitCode(), report.err());

        Matcher external = URL.matcher(Files.readString(html));
        assertFalse(external.find(), () -> "the report names " + external.group());
        Document dom = Jsoup.parse(chromium.dumpDom(html.toUri().toString()));
        for (String run : runs) {
            JsonNode metrics = JSON.readTree(tmp.resolve(run).resolve("metrics.json").toFile());
            for (String split : List.of("val", "test")) {
                assertEquals(String.format(Locale.ROOT, "%.4f", metrics.get(split + "_loss").asDouble()),
                        one(dom, "td[data-run=\"" + run + "\"][data-split=" + split + "]").text(), run + " " + split);
            }
            assertFalse(dom.select("polyline[data-run=\"" + run + "\"]").isEmpty(), run + "'s curve");
        }
        BufferedImage shot = chromium.screenshot(html.toUri().toString(), TrainingUiBrowserTest.SCREENSHOTS.resolve("report.png"),
                1280, 1000);
        assertTrue(Chromium.greyVariance(shot) > 100, "blank screenshot: variance " + Chromium.greyVariance(shot));
    }

    /** Waits until the run's page, rewritten while it trains, lists the validation loss of {@code step}. */
    private static void awaitPageWithStep(Path page, int step, ChildJvm child) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline && child.isAlive()) {
            if (Files.exists(page) && Files.readString(page).contains("data-step=\"" + step + "\"")) {
                return;
            }
            Thread.sleep(200);
        }
        fail("report.html never showed the validation loss of step " + step + ":\n" + child.tail());
    }

    private static Element one(Element in, String selector) {
        List<Element> found = in.select(selector);
        assertEquals(1, found.size(), selector + " in " + in);
        return found.get(0);
    }

    private static Map<Integer, Double> validationLosses(Path lossCsv) throws IOException {
        Map<Integer, Double> losses = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(lossCsv);
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split(",", -1);
            if (!fields[3].isEmpty()) {
                losses.put(Integer.parseInt(fields[0]), Double.parseDouble(fields[3]));
            }
        }
        return losses;
    }
}
