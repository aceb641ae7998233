package io.makemore4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * DL4J's Training UI in a real browser: a run trains with {@code --ui 0} in a child JVM; while it
 * trains, the UI's overview data ({@code /train/overview/data}) grows, its score series is the run's
 * {@code loss.csv} at the reported steps, and Chromium's screenshot of {@code /train/overview} is a
 * page of charts, not a blank one; Ctrl-C stops the run and the process exits. Then {@code ui --run}
 * shows the stopped run from its {@code ui-stats.bin} the same way, and Ctrl-C ends it with 0.
 * Screenshots go to {@code target/ui-screenshots/} (CI keeps them; docs/ has one of each).
 */
class TrainingUiBrowserTest {

    /** Steps between the UI's records: {@code --ui-every}'s default, which this test does not set. */
    private static final int UI_EVERY = 100;

    static final Path SCREENSHOTS = Path.of("target", "ui-screenshots");
    private static final Pattern URL = Pattern.compile("^training UI: (http://\\S+/train/overview)\\s");
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    /** A page of charts and tables has a grey-level variance in the thousands; a blank one 0. */
    private static final double NOT_BLANK = 500;

    @TempDir
    Path tmp;

    @Test
    void theUiShowsTheRunWhileItTrainsAndTheUiCommandShowsItAfterwards() throws Exception {
        Chromium chromium = Chromium.require("TrainingUiBrowserTest", tmp);
        Path corpus = TestRuns.smallCorpus(tmp);
        List<String> train = TestRuns.concat(TestRuns.train(tmp, "live", corpus, "train.steps=50000", "train.eval_every=1000",
                "train.checkpoint_every=100000", "train.log_every=1000"), "--ui", "0");
        JsonNode whileTraining;
        try (ChildJvm child = ChildJvm.start(train, Map.of())) {
            String url = awaitUrl(child);
            String base = url.substring(0, url.indexOf("/train/"));
            JsonNode first = awaitOverview(base, n -> n >= 3);
            whileTraining = awaitOverview(base, n -> n > first.get("scores").size());
            BufferedImage shot = chromium.screenshot(url, SCREENSHOTS.resolve("train-overview.png"), 1280, 900);
            assertTrue(Chromium.greyVariance(shot) > NOT_BLANK, "blank screenshot: variance " + Chromium.greyVariance(shot));
            assertTrue(child.isAlive(), "the run ended before the test could watch it:\n" + child.tail());
            child.interrupt();
            assertEquals(ExitCodes.INTERRUPTED, child.waitFor(PATIENCE), child.tail());
        }
        Map<Integer, Double> losses = losses(tmp.resolve("live/loss.csv"));
        assertScoresAreTheLosses(whileTraining, losses);

        try (ChildJvm ui = ChildJvm.start(List.of("ui", "--run", "live", "--checkpoints", tmp.toString(), "--port", "0"), Map.of())) {
            String url = awaitUrl(ui);
            String base = url.substring(0, url.indexOf("/train/"));
            JsonNode shown = awaitOverview(base, n -> n > 0);
            assertScoresAreTheLosses(shown, losses);
            JsonNode iterations = shown.get("scoresIter");
            int lastStep = losses.keySet().stream().mapToInt(Integer::intValue).max().orElseThrow();
            assertEquals(lastStep / UI_EVERY * UI_EVERY, iterations.get(iterations.size() - 1).asInt());   // every report, to the stop
            for (String tab : List.of("/train/model", "/train/model/graph", "/train/model/data/0", "/train/system",
                    "/train/system/data")) {   // the other tabs work too (the jar leaves out what the UI does not use)
                HttpURLConnection c = (HttpURLConnection) URI.create(base + tab).toURL().openConnection();
                assertEquals(200, c.getResponseCode(), tab);
                assertTrue(c.getInputStream().readAllBytes().length > 100, tab);
            }
            BufferedImage shot = chromium.screenshot(url, SCREENSHOTS.resolve("ui-overview.png"), 1280, 900);
            assertTrue(Chromium.greyVariance(shot) > NOT_BLANK, "blank screenshot: variance " + Chromium.greyVariance(shot));
            ui.interrupt();
            assertEquals(ExitCodes.OK, ui.waitFor(PATIENCE), ui.tail());
        }
    }

    private static void assertScoresAreTheLosses(JsonNode overview, Map<Integer, Double> losses) {
        JsonNode iterations = overview.get("scoresIter");
        JsonNode scores = overview.get("scores");
        assertEquals(iterations.size(), scores.size());
        for (int i = 0; i < scores.size(); i++) {
            int step = iterations.get(i).asInt();
            assertEquals(0, step % UI_EVERY, "reports every " + UI_EVERY + " steps (--ui-every's default): " + iterations);
            Double loss = losses.get(step);
            if (loss == null) {
                fail("the UI has step " + step + ", loss.csv does not");
            }
            // loss.csv has 6 significant digits
            assertEquals(loss, scores.get(i).asDouble(), 5e-6 * Math.abs(loss), "step " + step);
        }
    }

    private static String awaitUrl(ChildJvm child) throws InterruptedException {
        int line = child.awaitLine(0, l -> URL.matcher(l).find(), PATIENCE)
                .orElseThrow(() -> new AssertionError("no UI URL printed:\n" + child.tail()));
        Matcher m = URL.matcher(child.stderr().get(line));
        assertTrue(m.find());
        return m.group(1);
    }

    /** Polls the overview data until its score series has a length that {@code enough} accepts. */
    private static JsonNode awaitOverview(String base, IntPredicate enough) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        JsonNode data = null;
        while (System.nanoTime() < deadline) {
            HttpURLConnection c = (HttpURLConnection) URI.create(base + "/train/overview/data").toURL().openConnection();
            if (c.getResponseCode() == 200) {
                data = new ObjectMapper().readTree(new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                if (data.has("scores") && enough.test(data.get("scores").size())) {
                    return data;
                }
            }
            Thread.sleep(300);
        }
        throw new AssertionError("the overview data did not grow as expected: " + data);
    }

    private static Map<Integer, Double> losses(Path lossCsv) throws IOException {
        Map<Integer, Double> losses = new LinkedHashMap<>();
        for (String line : Files.readAllLines(lossCsv).subList(1, Files.readAllLines(lossCsv).size())) {
            String[] fields = line.split(",", -1);
            losses.put(Integer.parseInt(fields[0]), Double.parseDouble(fields[1]));
        }
        return losses;
    }
}
