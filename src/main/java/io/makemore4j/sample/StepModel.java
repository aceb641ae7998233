package io.makemore4j.sample;

/**
 * A model that extends many items one character at a time from a state it keeps per item (the
 * hidden state of a recurrent model, a key/value cache, the dilated model's trie of prefixes), so
 * that each new character costs one step per item instead of a pass over the item so far.
 * {@link IncrementalSampler} draws from it.
 */
public interface StepModel {

    /** Characters the model predicts over (the vocabulary's size). */
    int vocabularySize();

    /** A state for up to {@code capacity} items. */
    State state(int capacity);

    /**
     * The per-item state of a batch of items being extended. Rows of {@link #probabilities} are the
     * unfinished items in the order the last {@link #start} or {@link #advance} gave them. After an
     * exception the state must be started again. Not thread-safe.
     */
    interface State {

        /** The most items this state holds. */
        int capacity();

        /**
         * Starts {@code n} items with {@code prefix} (encoded, no boundary tokens): then
         * {@link #probabilities} has {@code n} rows, each the distribution of the character after the
         * boundary and the prefix; item {@code b} is row {@code b}.
         */
        void start(int n, int[] prefix);

        /**
         * Moves the items {@code items[0..m)} (indices below the started count, each once, each
         * unfinished) one position on with their next characters {@code tokens[0..m)}: then row
         * {@code b} of {@link #probabilities} is the distribution of item {@code items[b]}'s following
         * character. Items left out are finished and must not be advanced again.
         */
        void advance(int[] items, int[] tokens, int m);

        /** Copies the current distribution of row {@code row} into {@code dst[0, vocabularySize)}. */
        void probabilities(int row, float[] dst);
    }
}
