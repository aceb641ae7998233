/**
 * From a corpus file to the numbers the network trains on.
 *
 * <p>The data flows one way, one class per step:
 * <ol>
 *   <li>{@link io.makemore4j.data.CorpusReader} reads and checks the file into a {@link io.makemore4j.data.Corpus}
 *       in one streaming pass ({@link io.makemore4j.data.CorpusText}, {@link io.makemore4j.data.CorpusLines}):
 *       its item count, item lengths, characters and SHA-256, not its text;</li>
 *   <li>{@link io.makemore4j.data.Vocabulary} maps its characters (code points) to indices, with the
 *       boundary token at index 0;</li>
 *   <li>{@link io.makemore4j.data.ItemSplit} shuffles the item indices with {@link io.makemore4j.data.PythonRandom}
 *       (bit-for-bit CPython's {@code random.shuffle}) and cuts them into train / val / test;</li>
 *   <li>{@link io.makemore4j.data.CorpusEncoder} reads the items again and stores them encoded in that
 *       order ({@link io.makemore4j.data.EncodedItems}: one small integer per character plus long
 *       offsets, on the heap or memory-mapped, {@link io.makemore4j.data.store});</li>
 *   <li>{@link io.makemore4j.data.ContextRows} gives the (context, next character) rows of the items of
 *       each {@link io.makemore4j.data.Split}, computed when a minibatch or an evaluation chunk is filled;</li>
 *   <li>{@link io.makemore4j.data.MinibatchSampler} draws training minibatches from the rows; for the
 *       dilated model, {@link io.makemore4j.data.ItemSampler} draws batches of items
 *       ({@link io.makemore4j.data.ItemBatch}: tokens, targets and masks over whole items).</li>
 * </ol>
 * {@link io.makemore4j.data.PreparedData} holds the result for a run; {@link io.makemore4j.data.DataLoader}
 * makes it, on the heap, or from the files of a {@link io.makemore4j.data.PreparedCorpus} (made
 * once, in the cache of prepared corpora, for a corpus too large for the heap or by {@code prepare}:
 * in one pass by {@link io.makemore4j.data.CorpusEncoder}, or, when that would hold more than a
 * memory budget, in passes by {@link io.makemore4j.data.CorpusPasses}, which write the same bytes;
 * read back memory-mapped, or through a block cache for files too large to map).
 *
 * <p>With the default settings the split, the vocabulary and the rows are exactly those of the
 * reference recipe ({@code random.seed(42); random.shuffle(words)}, {@code int(0.8*n)}, {@code int(0.9*n)}).
 */
package io.makemore4j.data;
