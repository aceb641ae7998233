package io.makemore4j.ui;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.deeplearning4j.core.storage.Persistable;
import org.deeplearning4j.core.storage.StatsStorageRouter;
import org.deeplearning4j.core.storage.StorageMetaData;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Hands the stats to a {@link StatsStorageRouter} on a thread of its own, in order: MapDB commits
 * every record with an fsync of its write-ahead log, which took as long as the training steps between
 * two records when done on the training thread. A failure to write is logged once; training goes on.
 * {@link #close} waits until every record is written.
 */
final class BackgroundWriter implements StatsStorageRouter, AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(BackgroundWriter.class);
    private static final long CLOSE_SECONDS = 60;

    private final StatsStorageRouter storage;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ui-stats-writer");
        t.setDaemon(true);   // what a kill or halt leaves unwritten is lost, as the records of a killed run
        return t;
    });
    private final AtomicBoolean failed = new AtomicBoolean();

    BackgroundWriter(StatsStorageRouter storage) {
        this.storage = storage;
    }

    private void write(Runnable put) {
        thread.execute(() -> {
            try {
                put.run();
            } catch (RuntimeException e) {
                if (failed.compareAndSet(false, true)) {
                    LOG.warn("the training UI's stats could not be written (training goes on without them): {}", e.toString());
                }
            }
        });
    }

    @Override
    public void putStorageMetaData(StorageMetaData metaData) {
        write(() -> storage.putStorageMetaData(metaData));
    }

    @Override
    public void putStorageMetaData(Collection<? extends StorageMetaData> metaData) {
        List<? extends StorageMetaData> copy = List.copyOf(metaData);
        write(() -> storage.putStorageMetaData(copy));
    }

    @Override
    public void putStaticInfo(Persistable info) {
        write(() -> storage.putStaticInfo(info));
    }

    @Override
    public void putStaticInfo(Collection<? extends Persistable> info) {
        List<? extends Persistable> copy = List.copyOf(info);
        write(() -> storage.putStaticInfo(copy));
    }

    @Override
    public void putUpdate(Persistable update) {
        write(() -> storage.putUpdate(update));
    }

    @Override
    public void putUpdate(Collection<? extends Persistable> updates) {
        List<? extends Persistable> copy = List.copyOf(updates);
        write(() -> storage.putUpdate(copy));
    }

    /** Writes what is queued, then ends the thread. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(CLOSE_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("the training UI's last stats were not written within {} s", CLOSE_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
