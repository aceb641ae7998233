package io.makemore4j.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What the jar was built with, from {@code makemore4j.properties} (filled in by Maven).
 *
 * @param version      the tool's version
 * @param dl4jVersion  the Deeplearning4j/ND4J version
 * @param classifier   the nd4j-native platform classifier, e.g. {@code linux-x86_64-avx2}
 */
public record BuildInfo(String version, String dl4jVersion, String classifier) {

    /** Reads the build properties from the classpath. */
    public static BuildInfo load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/makemore4j.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new BuildInfo(p.getProperty("version", "dev"), p.getProperty("dl4j.version", "unknown"),
                p.getProperty("nd4j.classifier", "unknown"));
    }
}
