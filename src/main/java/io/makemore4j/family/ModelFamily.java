package io.makemore4j.family;

import io.makemore4j.config.Config;
import io.makemore4j.config.ModelKind;
import io.makemore4j.config.TrainConfig;
import io.makemore4j.model.GraphSettings;
import io.makemore4j.model.bigram.BigramModel;
import io.makemore4j.model.bow.BowModel;
import io.makemore4j.model.recurrent.RecurrentModel;
import io.makemore4j.model.transformer.TransformerModel;
import io.makemore4j.sample.TransformerSteps;
import io.makemore4j.train.Updaters;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.Map;

/**
 * The registry of model types ({@code model.type} -> {@link ModelType}) and the one way a run's
 * graph is built: {@link #build(Config, int)}. A new model type is a {@link ModelKind} constant, a
 * {@link ModelType} implementation and one line here.
 */
public final class ModelFamily {

    private static final Map<ModelKind, ModelType> TYPES = Map.of(
            ModelKind.FLATTEN, new FlattenType(),
            ModelKind.DILATED, new DilatedType(),
            ModelKind.GRU, new SequenceType(RecurrentModel::configuration),
            ModelKind.RNN, new SequenceType(RecurrentModel::configuration),
            ModelKind.LSTM, new SequenceType(RecurrentModel::configuration),
            ModelKind.BOW, new SequenceType(BowModel::configuration),
            ModelKind.BIGRAM, new SequenceType(BigramModel::configuration),
            ModelKind.TRANSFORMER, new SequenceType(TransformerModel::configuration, TransformerSteps::new));

    private ModelFamily() {
    }

    /** The type registered for {@code kind}. */
    public static ModelType of(ModelKind kind) {
        ModelType type = TYPES.get(kind);
        if (type == null) {
            throw new IllegalStateException("model.type " + kind.yamlName() + " has no entry in ModelFamily");
        }
        return type;
    }

    /** The graph settings of a run: its updater and schedule, decoupled weight decay, seed; FLOAT. */
    public static GraphSettings settings(TrainConfig train) {
        return new GraphSettings(Updaters.of(train), train.decoupledWeightDecay(), train.seed(), DataType.FLOAT);
    }

    /** The graph configuration of a run's config (model section, and updater, weight decay and seed from its train section). */
    public static ComputationGraphConfiguration configuration(Config config, int vocabularySize) {
        return of(config.model().type()).configuration(config.model(), vocabularySize, settings(config.train()));
    }

    /** The new, initialised graph of a run's config. */
    public static ComputationGraph build(Config config, int vocabularySize) {
        ComputationGraph graph = new ComputationGraph(configuration(config, vocabularySize));
        graph.init();
        return graph;
    }
}
