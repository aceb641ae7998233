package io.makemore4j.model.layer;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.factory.Nd4j;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.function.Predicate;

/**
 * A layer's plans (its preallocated arrays and bound ops) by row count: the most recently used
 * (a training batch size, an evaluation in training mode, the lengths of item batches), built
 * outside any workspace.
 *
 * @param <P> the layer's plan type
 */
public final class Plans<P> {

    private static final int MAX = 16;   // item batches of the dilated model vary in length

    private final int max;
    private final Map<Long, P> byRows = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, P> eldest) {
            return size() > max;
        }
    };
    private final LongFunction<P> build;
    private final Predicate<P> stale;

    /**
     * @param build builds the plan of a row count
     * @param stale whether a kept plan no longer fits the layer (its parameter arrays were replaced)
     */
    public Plans(LongFunction<P> build, Predicate<P> stale) {
        this(build, stale, MAX);
    }

    /**
     * Plans keeping at most {@code max} of them (e.g. 1 for inference over chunks of many shapes,
     * whose plans would otherwise pile up).
     */
    public Plans(LongFunction<P> build, Predicate<P> stale, int max) {
        this.build = build;
        this.stale = stale;
        this.max = max;
    }

    /** The plan for {@code rows}, built when missing or stale. */
    public P get(long rows) {
        P p = byRows.get(rows);
        if (p == null || stale.test(p)) {
            try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                p = build.apply(rows);
            }
            byRows.put(rows, p);
        }
        return p;
    }

    /** Forgets every plan (the layer's parameter or gradient arrays changed). */
    public void clear() {
        byRows.clear();
    }
}
