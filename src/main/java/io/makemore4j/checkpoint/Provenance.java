package io.makemore4j.checkpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.makemore4j.config.BuildInfo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where a run came from, saved as {@code provenance.json}: enough to tell what produced a model
 * and to check that {@code evaluate} and {@code sample} read the same corpus.
 *
 * @param datasetPath   the corpus path as configured (split files: their paths joined by " + ")
 * @param datasetSha256 the SHA-256 of the corpus file (split files: of their SHA-256s, {@code data.CorpusDigest})
 * @param items         items in the corpus
 * @param trainSeed     seed of weights and minibatches
 * @param dataSeed      seed of the split
 * @param step          steps done by the last checkpoint of the run
 * @param makemore4j    the tool's version
 * @param dl4j          the DL4J version
 * @param backend       the ND4J native classifier
 * @param java          the Java runtime
 * @param gitRevision   {@code git describe} of the working directory where the run started, or "unknown"
 * @param started       when the run was created
 * @param updated       when this file was last written
 * @param convertedFrom for a run made by {@code convert}, the run and checkpoint it was converted
 *                      from (the other fields are that run's); absent (null) for a trained run
 * @param splitFiles    with {@code data.train_path}: each split file's path, SHA-256 and items; absent (null) otherwise
 */
public record Provenance(
        @JsonProperty("dataset_path") String datasetPath,
        @JsonProperty("dataset_sha256") String datasetSha256,
        @JsonProperty("items") int items,
        @JsonProperty("train_seed") long trainSeed,
        @JsonProperty("data_seed") long dataSeed,
        @JsonProperty("step") int step,
        @JsonProperty("makemore4j") String makemore4j,
        @JsonProperty("dl4j") String dl4j,
        @JsonProperty("backend") String backend,
        @JsonProperty("java") String java,
        @JsonProperty("git_revision") String gitRevision,
        @JsonProperty("started") String started,
        @JsonProperty("updated") String updated,
        @JsonProperty("converted_from") @JsonInclude(JsonInclude.Include.NON_NULL) Conversion convertedFrom,
        @JsonProperty("split_files") @JsonInclude(JsonInclude.Include.NON_NULL) List<SplitFile> splitFiles) {

    /**
     * One split file of a run.
     *
     * @param split  {@code train}, {@code val} or {@code test}
     * @param path   the file as configured
     * @param sha256 SHA-256 of its bytes
     * @param items  its items
     */
    public record SplitFile(
            @JsonProperty("split") String split,
            @JsonProperty("path") String path,
            @JsonProperty("sha256") String sha256,
            @JsonProperty("items") int items) {
    }

    /**
     * Where a converted run's network came from.
     *
     * @param run        the source run directory, as given
     * @param checkpoint the source checkpoint's zip file name
     * @param sha256     its SHA-256
     * @param step       its step
     * @param modelType  the source's {@code model.type} (and {@code model.fused} for a flatten model)
     * @param converted  when the conversion was made (ISO-8601)
     * @param makemore4j the version that converted it
     */
    public record Conversion(
            @JsonProperty("run") String run,
            @JsonProperty("checkpoint") String checkpoint,
            @JsonProperty("sha256") String sha256,
            @JsonProperty("step") int step,
            @JsonProperty("model_type") String modelType,
            @JsonProperty("converted") String converted,
            @JsonProperty("makemore4j") String makemore4j) {
    }

    /** The provenance of a new run ({@code splitFiles} null unless it reads split files). */
    public static Provenance start(String datasetPath, String datasetSha256, int items, long trainSeed, long dataSeed,
                                   List<SplitFile> splitFiles) {
        BuildInfo build = BuildInfo.load();
        String now = Instant.now().toString();
        return new Provenance(datasetPath, datasetSha256, items, trainSeed, dataSeed, 0, build.version(),
                build.dl4jVersion(), build.classifier(), System.getProperty("java.version"), describeGitRevision(), now, now, null,
                splitFiles == null ? null : List.copyOf(splitFiles));
    }

    /** The same provenance at a later step. */
    public Provenance at(int newStep) {
        return new Provenance(datasetPath, datasetSha256, items, trainSeed, dataSeed, newStep, makemore4j, dl4j, backend,
                java, gitRevision, started, Instant.now().toString(), convertedFrom, splitFiles);
    }

    /** This provenance for a run converted from the run it describes: the same fields, with {@code convertedFrom} set. */
    public Provenance convertedFrom(Conversion conversion) {
        return new Provenance(datasetPath, datasetSha256, items, trainSeed, dataSeed, conversion.step(), makemore4j, dl4j, backend,
                java, gitRevision, started, Instant.now().toString(), conversion, splitFiles);
    }

    private static String describeGitRevision() {
        try {
            Process p = new ProcessBuilder("git", "describe", "--always", "--dirty")
                    .directory(Path.of(".").toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 && !out.isEmpty()) {
                return out;
            }
        } catch (IOException e) {
            // no git here
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "unknown";
    }
}
