package io.makemore4j.cli;

import io.makemore4j.config.Config;
import io.makemore4j.data.Corpus;
import io.makemore4j.data.CorpusReader;
import io.makemore4j.family.ModelFamily;
import io.makemore4j.model.ModelSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code summary}: the model a config builds, layer by layer, with output shapes and parameter counts. */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = "Print the model's layers, output shapes and trainable parameter counts.")
public final class SummaryCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config = new ConfigOptions();

    @Option(names = "--vocab-size", paramLabel = "N",
            description = "Vocabulary size to assume instead of reading the corpus (the names corpus has 27).")
    Integer vocabSize;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Config c = config.load();
        int vocab;
        String source;
        if (vocabSize != null) {
            if (vocabSize < 2 || vocabSize > Character.MAX_CODE_POINT + 2) {   // the boundary and every Unicode code point
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--vocab-size must be from 2 to "
                        + (Character.MAX_CODE_POINT + 2) + ", got " + vocabSize);
            }
            vocab = vocabSize;
            source = "given";
        } else {
            Corpus corpus = CorpusReader.read(c.data());
            vocab = corpus.vocabulary().size();
            source = "from " + c.data().corpusName();
        }
        ModelSummary summary = ModelSummary.of(ModelFamily.configuration(c, vocab));
        PrintWriter out = spec.commandLine().getOut();
        out.printf("model: %s, block size %d, vocabulary %d (%s)%n", c.model().type().yamlName(), c.model().blockSize(), vocab, source);
        out.print(summary.toTable());
        out.flush();
        return ExitCodes.OK;
    }
}
