package io.makemore4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.makemore4j.checkpoint.SampleLog;
import io.makemore4j.train.Faults;
import io.makemore4j.train.TestFaults;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code report} on real runs of {@code config/tiny.yaml}, and each run's own {@code report.html}:
 * the pages are parsed as HTML and every number checked against the run's files.
 */
class ReportCommandTest {

    private static final String[] SETTINGS = {"train.steps=200", "train.eval_every=50", "train.checkpoint_every=100",
        "train.samples=4"};
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path root;
    static Path corpus;

    @BeforeAll
    static void trainThreeRuns() {
        corpus = TestRuns.smallCorpus(root);
        for (String lr : List.of("0.05", "0.1", "0.3")) {
            CliRunner run = TestRuns.run(TestRuns.train(root, "lr" + lr, corpus, TestRuns.concat(List.of(SETTINGS), "train.lr=" + lr)
                    .toArray(String[]::new)));
            assertEquals(0, run.exitCode(), run.err());
        }
    }

    @Test
    void theReportShowsEachRunsLossesAsItsMetricsTheKeysTheyDifferInAndTheirSamples() throws Exception {
        Path html = root.resolve("out").resolve("cmp.html");
        Files.createDirectories(html.getParent());
        CliRunner report = TestRuns.run(List.of("report", "--checkpoints", root.toString(), "-o", html.toString(),
                "lr0.05", "lr0.1", "lr0.3"));
        assertEquals(0, report.exitCode(), report.err());
        assertEquals("wrote " + html + " and " + html.resolveSibling("compare.png"), report.out().strip());
        Document page = Jsoup.parse(html.toFile(), "UTF-8");
        for (String run : List.of("lr0.05", "lr0.1", "lr0.3")) {
            JsonNode metrics = JSON.readTree(root.resolve(run).resolve("metrics.json").toFile());
            for (String split : List.of("train", "val", "test")) {
                Element cell = one(page, "td[data-run=\"" + run + "\"][data-split=" + split + "]");
                double expected = metrics.get(split + "_loss").asDouble();
                assertEquals(String.format(Locale.ROOT, "%.4f", expected), cell.text(), run + " " + split);
                assertEquals(expected, Double.parseDouble(cell.attr("data-value")), run + " " + split);
            }
            assertEquals("finished", one(page, "#runs tr[data-run=\"" + run + "\"]").attr("data-state"));
            assertEquals(run, one(page, "polyline.train-mean[data-run=\"" + run + "\"]").attr("data-run"));
            assertEquals(4, page.select("g.val[data-run=\"" + run + "\"] circle").size(), "validation at 50, 100, 150, 200");
            assertEquals(Files.readAllLines(root.resolve(run).resolve("samples.txt")),   // 4 items and the novelty line
                    page.select("ul.samples[data-run=\"" + run + "\"] li").stream().map(Element::wholeText).toList());
        }
        assertEquals(List.of("train.lr"), page.select("#config-diff tr[data-key]").eachAttr("data-key"),
                "the runs differ in train.lr only");
        assertEquals("0.3", one(page, "#config-diff tr[data-key=train.lr] td[data-run=lr0.3]").text());
        assertTrue(page.select("script, link, img, iframe, object, embed").isEmpty(), "nothing to fetch");
        assertFalse(Files.readString(html).contains("http://") && !Files.readString(html).contains("http://www.w3.org/2000/svg"));
        assertNull(page.selectFirst("meta[http-equiv=refresh]"), "finished runs do not reload");

        BufferedImage png = ImageIO.read(html.resolveSibling("compare.png").toFile());
        assertEquals(900, png.getWidth());
        assertEquals(540, png.getHeight());
    }

    @Test
    void eachRunsOwnPageIsWrittenAtEveryEvaluationAndAtTheEndStoppedDivergedOrFinished() throws Exception {
        String[] pageAt = {null};
        Faults readPage = new Faults() {
            @Override
            public void beforeStep(int step, ComputationGraph graph) {
                if (step == 51) {   // after the first evaluation, at step 50
                    pageAt[0] = read(root.resolve("watched").resolve("report.html"));
                }
            }
        };
        CliRunner watched = CliRunner.run(readPage, TestRuns.concat(TestRuns.train(root, "watched", corpus, SETTINGS), "--until-step",
                "120").toArray(String[]::new));
        assertEquals(0, watched.exitCode(), watched.err());
        assertNotNull(pageAt[0], "report.html written by the evaluation at step 50");
        Document during = Jsoup.parse(pageAt[0]);
        assertEquals("10", one(during, "meta[http-equiv=refresh]").attr("content"), "reloads while the run trains");
        assertEquals("training", one(during, "#runs tr[data-run=watched]").attr("data-state"));
        assertEquals(List.of("50"), during.select("table.validation tr[data-run=watched]").eachAttr("data-step"));
        assertEquals(validationAt(root.resolve("watched"), 50),
                Double.parseDouble(one(during, "tr[data-step=50] td[data-field=val_loss]").attr("data-value")));
        assertEquals("training now (step 50)", one(during, "td[data-run=watched][data-field=status]").text());
        assertEquals("0.1000", one(during, "td[data-run=watched][data-field=lr]").text(), "train.lr until decay_at");

        Document stopped = page("watched");
        assertNull(stopped.selectFirst("meta[http-equiv=refresh]"));
        assertEquals("stopped at step 120", one(stopped, "td[data-run=watched][data-field=status]").text());
        assertEquals(List.of("50", "100"), stopped.select("table.validation tr[data-run=watched]").eachAttr("data-step"));

        CliRunner nan = CliRunner.run(TestFaults.nanAtStep(60), TestRuns.train(root, "nan", corpus, SETTINGS).toArray(String[]::new));
        assertEquals(ExitCodes.DIVERGED, nan.exitCode(), nan.err());
        assertEquals("diverged at step 60 (loss NaN)", one(page("nan"), "td[data-run=nan][data-field=status]").text());
        assertNull(page("nan").selectFirst("meta[http-equiv=refresh]"));

        assertEquals(0, TestRuns.run(TestRuns.resume(root, "watched")).exitCode());
        Document finished = page("watched");
        JsonNode metrics = JSON.readTree(root.resolve("watched").resolve("metrics.json").toFile());
        assertEquals(String.format(Locale.ROOT, "%.4f", metrics.get("test_loss").asDouble()),
                one(finished, "td[data-run=watched][data-split=test]").text());
        assertEquals("finished", one(finished, "td[data-run=watched][data-field=status]").text());
        assertEquals(1, finished.select("#config-diff tr[data-key=train.lr]").size(), "a run's own page lists every key");
    }

    @Test
    void aRunsPageShowsItsLatestSamplesDuringTrainingAsTheirLogHasThem() throws Exception {
        CliRunner run = TestRuns.run(TestRuns.concat(TestRuns.train(root, "sampled", corpus, SETTINGS), "--set",
                "train.sample_every=15"));
        assertEquals(0, run.exitCode(), run.err());
        List<SampleLog.Entry> logged = SampleLog.read(root.resolve("sampled").resolve(SampleLog.FILE));
        assertEquals(13, logged.size(), "steps 15, 30, ..., 195");
        List<SampleLog.Entry> latest = logged.subList(logged.size() - 10, logged.size());
        Document page = page("sampled");
        List<Element> rows = page.select("table.training-samples[data-run=sampled] tr[data-step]");
        assertEquals(latest.stream().map(e -> String.valueOf(e.step())).toList(), rows.stream().map(r -> r.attr("data-step")).toList());
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(String.join(", ", latest.get(i).items()), rows.get(i).selectFirst("td[data-field=items]").wholeText());
        }
        assertTrue(page("lr0.1").select("table.training-samples").isEmpty(), "a run without train.sample_every has none");
    }

    private static Document page(String run) throws IOException {
        return Jsoup.parse(root.resolve(run).resolve("report.html").toFile(), "UTF-8");
    }

    private static Element one(Document page, String selector) {
        List<Element> found = page.select(selector);
        assertEquals(1, found.size(), selector);
        return found.get(0);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double validationAt(Path run, int step) throws IOException {
        return Files.readAllLines(run.resolve("loss.csv")).stream().map(l -> l.split(",", -1))
                .filter(c -> c[0].equals(String.valueOf(step))).mapToDouble(c -> Double.parseDouble(c[3])).findFirst().orElseThrow();
    }
}
