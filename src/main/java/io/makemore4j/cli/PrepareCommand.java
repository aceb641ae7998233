package io.makemore4j.cli;

import io.makemore4j.config.Config;
import io.makemore4j.data.DataLoader;
import io.makemore4j.data.PreparedCorpus;
import io.makemore4j.data.PreparedData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code prepare}: reads, checks, splits and encodes a corpus once into the cache of prepared corpora
 * ({@link PreparedCorpus}), so that {@code train}, {@code evaluate} and {@code sample} on it
 * memory-map it and start in seconds. Does nothing but report when the cache already holds it.
 */
@Command(name = "prepare", mixinStandardHelpOptions = true,
        description = "Prepare a corpus once (encoded, split, memory-mappable) so that runs on it start in seconds.")
public final class PrepareCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config = new ConfigOptions();

    @Option(names = "--cache", paramLabel = "DIR",
            description = "The cache of prepared corpora (default: $MAKEMORE4J_CACHE, else $XDG_CACHE_HOME/makemore4j, "
                    + "else ~/.cache/makemore4j; train, evaluate and sample look there).")
    Path cache;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Config c = config.load();
        Path dir = cache != null ? cache : DataLoader.cacheDirectory(System.getenv());
        DataLoader loader = new DataLoader(System.console() != null ? System.err : null, dir);
        PreparedData data = loader.prepare(c.data(), c.model().blockSize());
        PrintWriter out = spec.commandLine().getOut();
        Path entry = PreparedCorpus.directory(dir, data.corpus().sha256(), c.data());
        out.printf(Locale.ROOT, "corpus %s: %,d items (%,d train / %,d val / %,d test), %,d characters, vocabulary %d%n",
                c.data().corpusName(), data.corpus().size(), data.train().encoded().size(), data.val().encoded().size(),
                data.test().encoded().size(), data.corpus().characters(), data.vocabulary().size());
        out.printf(Locale.ROOT, "%s%n", data.corpus().source());
        out.printf(Locale.ROOT, "prepared form: %s (%,d MB); remove it with: rm -r %s%n", entry,
                PreparedCorpus.bytes(entry) >> 20, entry);
        out.flush();
        return ExitCodes.OK;
    }
}
