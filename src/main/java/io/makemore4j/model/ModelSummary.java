package io.makemore4j.model;

import io.makemore4j.model.layer.DilatedConv;
import io.makemore4j.model.layer.ItemEmbedding;
import io.makemore4j.model.layer.PositionwiseLayer;
import io.makemore4j.model.layer.FusedLinearBatchNorm;
import io.makemore4j.model.vertex.FlattenConsecutive;
import io.makemore4j.model.vertex.ItemRows;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A per-layer table of a model graph (any type of the registry): name, kind, output shape and trainable
 * parameter count. BatchNorm running mean/variance are counted apart ({@link #batchNormStats()}):
 * DL4J stores them as parameters, so {@code ComputationGraph.numParams()} equals
 * {@code trainableParams() + batchNormStats()}.
 *
 * <p>Shapes are written with {@code B} for the batch size: {@code (B, 8, 10)} for the embedding's
 * 3-D output, {@code (B*4, 20)} for a 2-D stage with 4 rows per example, {@code (B, 27)} once rows
 * are one per example; the dilated model's hidden activations are {@code (1+B*(T-1), C)} for B
 * items of T positions (one boundary row shared by all items), its output {@code (B*T, 27)}.
 *
 * @param rows            one per layer or vertex, in forward order
 * @param trainableParams total trainable parameters
 * @param batchNormStats  BatchNorm running mean and variance values (not trained)
 */
public record ModelSummary(List<Row> rows, long trainableParams, long batchNormStats) {

    /** Time steps of the dilated model's output: the positions of the batch's items ({@code T}). */
    private static final long ITEM_POSITIONS = -1;
    /** The dilated model's hidden rows: one shared boundary row and the items' other positions. */
    private static final long ITEM_ROWS = -2;

    /**
     * One layer or vertex.
     *
     * @param name            its name in the graph
     * @param kind            what it is, e.g. {@code Linear}, {@code FlattenConsecutive(2)}
     * @param outputShape     e.g. {@code (B*4, 128)}
     * @param trainableParams its trainable parameters
     */
    public record Row(String name, String kind, String outputShape, long trainableParams) {
    }

    public ModelSummary {
        rows = List.copyOf(rows);
    }

    /** Summarises a built graph. */
    public static ModelSummary of(ComputationGraph graph) {
        return of(graph.getConfiguration());
    }

    /**
     * Summarises a configuration without allocating parameters. It only reads the configuration
     * (it does not call {@code getLayerActivationTypes}, which would rewrite nIn values).
     */
    public static ModelSummary of(ComputationGraphConfiguration conf) {
        List<Row> rows = new ArrayList<>();
        long trainable = 0;
        long stats = 0;
        // per vertex: time steps per example (0 = one row per example), channels, and 1 when 3-d
        Map<String, long[]> shapes = new HashMap<>();
        for (String input : conf.getNetworkInputs()) {
            shapes.put(input, new long[] {0, 0, 0});
        }
        for (String name : forwardOrder(conf)) {
            List<String> in = conf.getVertexInputs().get(name);
            long[] prev = in == null || in.isEmpty() ? new long[] {0, 0, 0} : shapes.get(in.get(0));
            Vertex d = describe(conf.getVertices().get(name), new Vertex("", prev[0], prev[1], prev[2] == 1, 0, 0));
            shapes.put(name, new long[] {d.time(), d.channels(), d.threeD() ? 1 : 0});
            trainable += d.params();
            stats += d.stats();
            rows.add(new Row(name, d.kind(), shape(d.time(), d.channels(), d.threeD()), d.params()));
        }
        return new ModelSummary(rows, trainable, stats);
    }

    /**
     * What one vertex makes of its input's shape.
     *
     * @param time   time steps per example (0: one row per example; or ITEM_ROWS / ITEM_POSITIONS)
     * @param params trainable parameters
     * @param stats  batch-norm running statistics (counted by DL4J as parameters, not trained)
     */
    private record Vertex(String kind, long time, long channels, boolean threeD, long params, long stats) {
        Vertex as(String newKind) {
            return new Vertex(newKind, time, channels, threeD, params, stats);
        }
    }

    private static Vertex describe(GraphVertex v, Vertex in) {
        if (v instanceof FlattenConsecutive f) {
            return new Vertex("FlattenConsecutive(" + f.getN() + ")", f.outputTimeSteps() == 1 ? 0 : f.outputTimeSteps(),
                    in.channels() * f.getN(), false, 0, 0);
        }
        if (v instanceof LayerVertex lv) {
            Layer layer = lv.getLayerConf().getLayer();
            return describe(layer, new Vertex(in.kind(), in.time(), in.channels(), false, layer.initializer().numParams(layer), 0),
                    in.threeD());
        }
        if (v instanceof ItemRows) {
            return new Vertex("ItemRows", ITEM_POSITIONS, in.channels(), true, 0, 0);
        }
        if (v instanceof ElementWiseVertex e) {
            return in.as(e.getOp().toString());
        }
        return new Vertex(v.getClass().getSimpleName(), in.time(), in.channels(), false, 0, 0);
    }

    /** A layer; {@code in} carries its parameter count (with any running statistics), {@code threeD} its input's. */
    private static Vertex describe(Layer layer, Vertex in, boolean threeD) {
        long params = in.params();
        if (layer instanceof PositionwiseLayer p && layer instanceof FeedForwardLayer ff) {
            return new Vertex(p.summaryKind(), ITEM_POSITIONS, ff.getNOut(), !p.rowsPerPosition(), params, 0);
        } else if (layer instanceof LSTM l) {
            return new Vertex("LSTM", ITEM_POSITIONS, l.getNOut(), true, params, 0);
        } else if (layer instanceof ItemEmbedding e) {
            return new Vertex("Embedding", ITEM_ROWS, e.getNOut(), false, params, 0);
        } else if (layer instanceof EmbeddingSequenceLayer e) {
            return new Vertex("Embedding", e.getInputLength(), e.getNOut(), true, params, 0);
        } else if (layer instanceof DilatedConv c) {
            // rows stay the shared-boundary layout; running mean + running variance are not trained
            return new Vertex("CausalConv(k=" + c.getKernel() + ", d=" + c.getDilation() + ")+BatchNorm+"
                    + capitalise(c.getActivationFn().toString()), in.time(), c.getNOut(), false, params - 2 * c.getNOut(), 2 * c.getNOut());
        } else if (layer instanceof DropoutLayer) {
            return new Vertex("Dropout", in.time(), in.channels(), threeD, params, 0);
        } else if (layer instanceof BatchNormalization bn) {
            return new Vertex("BatchNorm", in.time(), in.channels(), false, params - 2 * bn.getNOut(), 2 * bn.getNOut());
        } else if (layer instanceof FusedLinearBatchNorm f) {
            return new Vertex("Linear+BatchNorm+" + capitalise(f.getActivationFn().toString()), in.time(), f.getNOut(), false,
                    params - 2 * f.getNOut(), 2 * f.getNOut());
        } else if (layer instanceof OutputLayer o) {
            // one row per position: (B*T, vocab) after (B, T, C)
            return new Vertex("Linear+" + capitalise(o.getActivationFn().toString()), in.time(), o.getNOut(), false, params, 0);
        } else if (layer instanceof DenseLayer d) {
            return new Vertex(d.hasBias() ? "Linear" : "Linear (no bias)", in.time(), d.getNOut(), false, params, 0);
        } else if (layer instanceof ActivationLayer a) {
            return in.as(capitalise(a.getActivationFn().toString()));
        } else if (layer instanceof FeedForwardLayer ff) {
            return new Vertex(layer.getClass().getSimpleName(), in.time(), ff.getNOut(), false, params, 0);
        }
        return in.as(layer.getClass().getSimpleName());
    }

    /** The summary as an aligned text table, one line per row plus the totals, ending with a newline. */
    public String toTable() {
        String[] header = {"layer", "kind", "output", "params"};
        int[] w = {header[0].length(), header[1].length(), header[2].length(), header[3].length()};
        for (Row r : rows) {
            w[0] = Math.max(w[0], r.name().length());
            w[1] = Math.max(w[1], r.kind().length());
            w[2] = Math.max(w[2], r.outputShape().length());
            w[3] = Math.max(w[3], number(r.trainableParams()).length());
        }
        String totalLabel = "trainable parameters";
        String statsLabel = "batch-norm running stats (not trained)";
        int labelWidth = Math.max(w[0] + w[1] + w[2] + 4, Math.max(totalLabel.length(), statsLabel.length()));
        w[3] = Math.max(w[3], Math.max(number(trainableParams).length(), number(batchNormStats).length()));
        // widen the output column so the totals' labels fit before the numbers column
        w[2] += Math.max(0, labelWidth - (w[0] + w[1] + w[2] + 4));

        StringBuilder sb = new StringBuilder();
        String fmt = "%-" + w[0] + "s  %-" + w[1] + "s  %-" + w[2] + "s  %" + w[3] + "s%n";
        sb.append(String.format(Locale.ROOT, fmt, (Object[]) header));
        int width = w[0] + w[1] + w[2] + w[3] + 6;
        sb.append("-".repeat(width)).append(System.lineSeparator());
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, fmt, r.name(), r.kind(), r.outputShape(), number(r.trainableParams())));
        }
        sb.append("-".repeat(width)).append(System.lineSeparator());
        String totals = "%-" + (width - w[3] - 2) + "s  %" + w[3] + "s%n";
        sb.append(String.format(Locale.ROOT, totals, totalLabel, number(trainableParams)));
        if (batchNormStats > 0) {
            sb.append(String.format(Locale.ROOT, totals, statsLabel, number(batchNormStats)));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return toTable();
    }

    private static String shape(long time, long channels, boolean threeD) {
        if (time == ITEM_ROWS) {
            return "(1+B*(T-1), " + channels + ")";
        }
        String t = time == ITEM_POSITIONS ? "T" : Long.toString(time);
        if (threeD) {
            return "(B, " + t + ", " + channels + ")";
        }
        return time == 0 ? "(B, " + channels + ")" : "(B*" + t + ", " + channels + ")";
    }

    private static String number(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    private static String capitalise(String s) {
        String t = s.replaceAll("\\(.*\\)$", "");
        if (t.equalsIgnoreCase("relu")) {
            return "ReLU";
        }
        if (t.isEmpty()) {
            return t;
        }
        return Character.toUpperCase(t.charAt(0)) + t.substring(1);
    }

    /** Kahn's topological order of the non-input vertices, ties broken by declaration order. */
    private static List<String> forwardOrder(ComputationGraphConfiguration conf) {
        Map<String, GraphVertex> vertices = conf.getVertices();
        Map<String, Integer> pending = new LinkedHashMap<>();
        Map<String, List<String>> consumers = new HashMap<>();
        for (String name : vertices.keySet()) {
            List<String> inputs = conf.getVertexInputs().getOrDefault(name, List.of());
            int count = 0;
            for (String i : inputs) {
                if (vertices.containsKey(i)) {
                    count++;
                    consumers.computeIfAbsent(i, k -> new ArrayList<>()).add(name);
                }
            }
            pending.put(name, count);
        }
        Deque<String> ready = new ArrayDeque<>();
        pending.forEach((k, c) -> {
            if (c == 0) {
                ready.add(k);
            }
        });
        List<String> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            String v = ready.poll();
            order.add(v);
            for (String c : consumers.getOrDefault(v, List.of())) {
                if (pending.merge(c, -1, Integer::sum) == 0) {
                    ready.add(c);
                }
            }
        }
        return order;
    }
}
