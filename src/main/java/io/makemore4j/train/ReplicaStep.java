package io.makemore4j.train;

import io.makemore4j.model.layer.FusedLinearBatchNorm;
import io.makemore4j.model.layer.StepDropout;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.nativeblas.NativeOpsHolder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One optimiser step with data-parallel replicas inside the trainer ({@code train.replicas}): the
 * minibatch is split by rows (items) into one share per replica; each replica, a copy of the graph
 * on a thread of its own with one native thread, runs forward and backward on its share; their
 * gradients are averaged, weighted by the positions each share predicts, into the graph's own
 * flattened gradient; the graph's updater then makes one update, as for the whole batch. So the
 * global batch, the learning-rate schedule, the checkpoints and the listeners are those of one
 * graph, and a resumed run with the same replicas repeats an uninterrupted one exactly (every step
 * is a fixed function of the parameters, the updater state and the step).
 *
 * <p>What differs from one thread: batch normalisation sees each share's statistics (as
 * PyTorch's {@code DistributedDataParallel} without synchronised batch norm), and the running
 * statistics become the weighted mean of the replicas' updates. Dropout masks are drawn per replica
 * (its seed mixed with the replica's index), so the shares do not repeat one mask; every dropout of
 * the model types is a {@link StepDropout}, a function of (seed, step), never ND4J's per-thread
 * generator.
 *
 * <p>Each step: the graph's parameters are copied once ({@code before}); every replica starts from
 * that copy; layers that update their running statistics in place (the fused batch norm) change
 * them in their replica's parameters, and the graph's become the weighted mean of the replicas'.
 * Replica 0 is the graph itself, on the caller's thread. Not thread-safe; close it to stop its
 * threads.
 */
public final class ReplicaStep implements TrainingStep {

    private final ComputationGraph graph;
    private final GraphStep[] steps;        // [0]: the graph's; [r]: replica r's
    private final ComputationGraph[] replicas;
    private final ExecutorService[] threads;  // [r]: replica r's own thread (r >= 1), so each keeps its workspaces
    private final INDArray before;          // (numParams): the graph's parameters at the start of the step
    private final INDArray divides;         // (numParams): 1 where the updater divides by the minibatch size, 0 where not; null: 1 everywhere
    private final List<long[]> runningStats;  // {offset, length} in the parameters of each running statistic updated in place

    /**
     * @param graph  the initialised graph that is trained (and checkpointed)
     * @param single its {@link GraphStep}, which must be direct
     * @param count  replicas, at least 2
     */
    ReplicaStep(ComputationGraph graph, GraphStep single, int count) {
        this.graph = graph;
        this.steps = new GraphStep[count];
        this.replicas = new ComputationGraph[count];
        steps[0] = single;
        replicas[0] = graph;
        String json = graph.getConfiguration().toJson();
        for (int r = 1; r < count; r++) {
            ComputationGraph replica = new ComputationGraph(ComputationGraphConfiguration.fromJson(json));
            replica.init(graph.params().dup(), false);   // its own parameters: layers write running statistics into theirs
            reseedDropout(replica, r);
            replicas[r] = replica;
            steps[r] = new GraphStep(replica);
        }
        this.before = graph.params().reshape(graph.params().length()).dup();
        this.divides = divisionMask(graph);
        this.runningStats = runningStatistics(graph);
        int nativeThreads = Math.max(1, Nd4j.getEnvironment().maxThreads());
        this.threads = new ExecutorService[count];
        for (int r = 1; r < count; r++) {
            String name = "replica-" + r;
            threads[r] = Executors.newSingleThreadExecutor(task -> {
                Thread t = new Thread(() -> {
                    // OpenMP's thread count is a per-thread setting: a new thread starts from the machine's core count
                    NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(nativeThreads);
                    task.run();
                }, name);
                t.setDaemon(true);
                return t;
            });
        }
    }

    @Override
    public double fit(MultiDataSet batch) {
        long rows = batch.getFeatures(0).size(0);
        int n = (int) Math.min(replicas.length, rows);   // a batch of fewer rows than replicas uses fewer
        INDArray params = graph.params().reshape(graph.params().length());   // (numParams) view
        before.assign(params);
        int iteration = graph.getIterationCount();
        List<Future<Double>> pending = new ArrayList<>(n - 1);
        for (int r = 1; r < n; r++) {
            int replica = r;
            MultiDataSet share = share(batch, rows, r, n);
            pending.add(threads[r].submit(() -> {
                replicas[replica].params().reshape(before.length()).assign(before);
                replicas[replica].getConfiguration().setIterationCount(iteration);   // dropout masks and schedules follow the step
                return steps[replica].computeGradient(share);
            }));
        }
        double[] losses = new double[n];
        losses[0] = steps[0].computeGradient(share(batch, rows, 0, n));
        for (int r = 1; r < n; r++) {
            losses[r] = await(pending.get(r - 1));
        }
        double[] weights = new double[n];   // the share of the batch's predicted positions in each
        double total = 0;
        for (int r = 0; r < n; r++) {
            weights[r] = steps[r].lossRows();
            total += weights[r];
        }
        double loss = 0;
        for (int r = 0; r < n; r++) {
            weights[r] = total > 0 ? weights[r] / total : 1.0 / n;
            loss += weights[r] * losses[r];
        }
        combineGradients(weights, n);
        combineRunningStatistics(params, weights, n);
        steps[0].update(replicas[0].batchSize());
        return loss;
    }

    /**
     * Replica 0's gradient becomes the weighted mean of all: the updater divides it by replica 0's
     * minibatch size b0 where it divides at all, so share r's gradient G_r (summed over its b_r rows)
     * enters as w_r * (b0 / b_r) * G_r there, and as w_r * G_r where the updater does not divide.
     */
    private void combineGradients(double[] weights, int n) {
        INDArray g0 = steps[0].gradient();   // (numParams)
        double b0 = replicas[0].batchSize();
        for (int r = 0; r < n; r++) {
            double scaled = weights[r] * b0 / replicas[r].batchSize();
            INDArray g = steps[r].gradient();   // (numParams)
            if (divides != null && scaled != weights[r]) {
                INDArray scale = divides.mul(scaled - weights[r]).addi(weights[r]);   // per parameter
                if (r == 0) {
                    g0.muli(scale);
                } else {
                    g0.addi(g.mul(scale));
                }
            } else if (r == 0) {
                g0.muli(scaled);
            } else {
                Nd4j.getBlasWrapper().level1().axpy(g.length(), scaled, g, g0);   // g0 += scaled * g
            }
        }
    }

    /**
     * The running statistics that layers update in place during their passes (the fused batch norm's
     * mean and variance) become the weighted mean of the replicas' values:
     * {@code before + sum_r w_r (s_r - before)}.
     */
    private void combineRunningStatistics(INDArray params, double[] weights, int n) {
        for (long[] segment : runningStats) {
            INDArrayIndex range = NDArrayIndex.interval(segment[0], segment[0] + segment[1]);
            INDArray start = before.get(range);
            INDArray sum = params.get(range).sub(start).muli(weights[0]);   // (length)
            for (int r = 1; r < n; r++) {
                INDArray replica = replicas[r].params().reshape(params.length()).get(range);
                sum.addi(replica.sub(start).muli(weights[r]));
            }
            params.get(range).assign(start.add(sum));
        }
    }

    /**
     * Replica r's share of {@code batch}: rows (items) {@code [r*rows/n, (r+1)*rows/n)} of every
     * array, where an array of {@code rows * k} leading entries (the targets of a batch of items,
     * {@code (items*T, 1)}) gives entries {@code [from*k, to*k)}.
     */
    static MultiDataSet share(MultiDataSet batch, long rows, int r, int n) {
        long from = rows * r / n;
        long to = rows * (r + 1) / n;
        return new org.nd4j.linalg.dataset.MultiDataSet(rows(batch.getFeatures(), rows, from, to),
                rows(batch.getLabels(), rows, from, to), rows(batch.getFeaturesMaskArrays(), rows, from, to),
                rows(batch.getLabelsMaskArrays(), rows, from, to));
    }

    private static INDArray[] rows(INDArray[] arrays, long rows, long from, long to) {
        if (arrays == null) {
            return null;
        }
        INDArray[] out = new INDArray[arrays.length];
        for (int i = 0; i < arrays.length; i++) {
            INDArray a = arrays[i];
            if (a == null) {
                continue;
            }
            long k = a.size(0) / rows;   // leading entries per row: 1, or T for (items*T, ...)
            if (k * rows != a.size(0)) {
                throw new IllegalArgumentException("a batch array of " + a.size(0) + " leading entries does not split into "
                        + rows + " rows");
            }
            INDArrayIndex[] index = new INDArrayIndex[a.rank()];
            index[0] = NDArrayIndex.interval(from * k, to * k);
            for (int d = 1; d < index.length; d++) {
                index[d] = NDArrayIndex.all();
            }
            out[i] = a.get(index).dup('c');   // ((to - from) * k, ...) contiguous, as the layers expect
        }
        return out;
    }

    /**
     * 1 where the updater divides a parameter's gradient by the minibatch size, 0 where it does not
     * (DL4J's batch norm running statistics); null when it divides everywhere.
     */
    private static INDArray divisionMask(ComputationGraph graph) {
        INDArray flat = graph.params();
        INDArray mask = Nd4j.ones(flat.dataType(), flat.length());
        boolean all = true;
        for (Layer layer : graph.getLayers()) {
            for (Map.Entry<String, INDArray> p : layer.paramTable(false).entrySet()) {
                if (!layer.updaterDivideByMinibatch(p.getKey())) {
                    long start = p.getValue().offset() - flat.offset();
                    mask.get(NDArrayIndex.interval(start, start + p.getValue().length())).assign(0);
                    all = false;
                }
            }
        }
        return all ? null : mask;
    }

    /**
     * Where in the parameters the layers keep running statistics that they update in place during
     * backprop (the fused batch norm and the dilated convolution, {@link FusedLinearBatchNorm#isRunningStat};
     * DL4J's own batch norm updates its statistics through the gradient instead, which is averaged).
     */
    private static List<long[]> runningStatistics(ComputationGraph graph) {
        INDArray flat = graph.params();
        List<long[]> segments = new ArrayList<>();
        for (Layer layer : graph.getLayers()) {
            if (!(layer.conf().getLayer() instanceof FusedLinearBatchNorm)) {   // and DilatedConv, a subclass
                continue;
            }
            for (Map.Entry<String, INDArray> p : layer.paramTable(false).entrySet()) {
                if (FusedLinearBatchNorm.isRunningStat(p.getKey())) {
                    segments.add(new long[] {p.getValue().offset() - flat.offset(), p.getValue().length()});
                }
            }
        }
        return List.copyOf(segments);
    }

    /** Mixes the replica's index into every dropout seed of its layers, so that shares draw their own masks. */
    private static void reseedDropout(ComputationGraph replica, int r) {
        long mix = 0x9E3779B97F4A7C15L * r;
        for (Layer layer : replica.getLayers()) {
            NeuralNetConfiguration conf = layer.conf();
            conf.setSeed(conf.getSeed() ^ mix);   // the transformer's inner dropout
            if (conf.getLayer().getIDropout() instanceof StepDropout d) {
                d.setSeed(d.getSeed() ^ mix);
            }
        }
    }

    private static double await(Future<Double> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a replica was stepping", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("a replica failed", e.getCause());
        }
    }

    @Override
    public void close() {
        for (int r = 1; r < threads.length; r++) {
            threads[r].shutdownNow();
        }
    }
}
