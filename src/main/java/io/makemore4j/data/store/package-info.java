/**
 * Storage of encoded corpora: {@link io.makemore4j.data.store.PackedArray}, a long-indexed array of
 * small integers (or longs) in segments, on the heap or memory-mapped, so that a corpus is not capped
 * by a Java array or a single mapped buffer (both stop at 2^31 bytes); and
 * {@link io.makemore4j.data.store.Storage}, which says where a corpus's arrays are made while it is built;
 * {@link io.makemore4j.data.store.ValueFile}, sequential reads and writes of such files through a small
 * buffer, for the passes that prepare a corpus larger than memory.
 */
package io.makemore4j.data.store;
