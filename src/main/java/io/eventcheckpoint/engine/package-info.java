/**
 * The checkpoint engine: Winlogbeat's Go {@code checkpoint} package in plain Java (no Spring,
 * Micrometer or servlet API), and its store SPI ({@link io.eventcheckpoint.engine.CheckpointStore},
 * {@link io.eventcheckpoint.engine.FlushBatch}, {@link io.eventcheckpoint.engine.LoadedCheckpoint}).
 *
 * <h2>Classes</h2>
 * {@link io.eventcheckpoint.engine.CheckpointEngine} is the entry point and owns the others:
 * {@code TrackedStates} (the map of states and every change to it; each value a {@code StateSlot},
 * a log's state with its metadata inline, changed in place; readers get immutable
 * {@code TrackedState} copies), {@code PendingChanges} (what is
 * not yet durable, and its swap), {@code EngineLimits} (max logs, max pending updates),
 * {@code SortedNameIndex} (names in Go's order between flushes), {@code CollectorIndex} (the fleet
 * view at depth 1, kept up to date by every change), {@code ReceiveTimes} (monotonic
 * receive-time stamps), {@code FlushWorker} (the one thread that writes) and
 * {@link io.eventcheckpoint.engine.EngineSettings}. Elapsed time comes from a
 * {@link io.eventcheckpoint.engine.Ticker}, wall-clock time from a {@link java.time.Clock}.
 *
 * <h2>Threading model</h2>
 * Any number of writer threads ({@code persist}, {@code persistAll}, {@code delete},
 * {@code applyExternal}), readers ({@code state}, {@code states}, {@code sortedStates}, the
 * getters) and one flush thread.
 * <ul>
 * <li><b>Swap lock</b> ({@code PendingChanges.swapLock}, a read/write lock). Every write holds the
 * <em>read</em> lock for its whole change, so writers never block each other on it. The
 * <em>write</em> lock is held only for a few field writes: the swap of the pending map, the end of
 * a save, the merge-back of a failed save, failing the waiters at shutdown, and closing the engine.
 * It guards: the reference to the pending map, {@code flushing} (the changes being saved),
 * {@code inFlightUpdates}, {@code nextFlush} and {@code accepting}. {@code pendingUpdates} is
 * incremented by writers (CAS, under the read lock) and reset or restored only under the write
 * lock, together with {@code inFlightUpdates}: so a writer checking the pending limit under the
 * read lock sees a consistent sum of the two. {@code oldestPendingNanos} is set by the first writer
 * after a swap (under the read lock, so no swap runs in between) and cleared or restored under the
 * write lock.</li>
 * <li><b>Name locks</b> ({@code NameLocks}, one claim per name being written, taken after the
 * shared lock; a writer that meets another's claim gives back its own and waits, so it never waits
 * while holding a name). Every local write holds the locks of its names from its checks
 * ({@code WriteFence}: If-Match, If-None-Match, the backward-move rule, leases) until it is
 * applied, so a batch's checks still hold when it is applied, all or nothing. Lease grants and
 * releases are serialized by {@code LeaseTable}'s monitor; a write's lease check reads its sorted
 * map without locking. When the store is a {@code FenceStore} (PostgreSQL, shared by replicas),
 * {@code StoreFence} sends conditional writes and lease changes to it instead, holding none of
 * these locks: the store decides them in one transaction, and the result is then shown in memory
 * over any local change of the names ({@code TrackedStates.applyDecided}); {@code LeaseTable}
 * becomes a mirror of the store's leases.</li>
 * <li><b>Bin locks of the states map</b> ({@code ConcurrentHashMap.compute}). A change to a name
 * writes its state and its metadata (last update, version, epoch) into the name's
 * {@code StateSlot} and updates its pending change, its receive time and its collector inside
 * {@code compute}, so a name's state and metadata change together in one write of the slot (a
 * reader takes the slot's monitor and sees both of the same change), the pending change of a name always
 * matches its state and, per name, receive times follow the order of changes. {@code applyExternal} takes the same bin lock, so a concurrent local write is either
 * already pending (and the external change is skipped) or comes after it and wins.</li>
 * <li><b>Collector monitors</b> ({@code CollectorIndex.Collector}, one per name prefix up to the
 * first {@code /}). Every change of a name goes through {@code CollectorIndex.changed} (its state
 * before and after) inside that name's {@code compute} (so one name's changes arrive in order), and
 * takes its collector's monitor last, for a few field writes; nothing is locked while holding it.
 * A collector emptied by a change is marked removed under its monitor before it leaves the
 * skip list, so a writer that found it retries the lookup. Readers ({@code GET /fleet}, the
 * collector metrics) copy each collector under its monitor; a stale one is walked outside it (taking
 * the sort lock for the sorted names) and the result kept only if the collector's change count
 * and log count did not move meanwhile.</li>
 * <li><b>Sort lock</b> ({@code SortedNameIndex.sortLock}, a monitor) guards the known sorted order.
 * Writers do not take it: they append new names to a lock-free queue, which the next sort merges
 * in. Held by a flush that writes a snapshot and by callers of {@code sortedStates}.</li>
 * <li><b>Atomics and volatile fields</b>: the log count (CAS, checked and taken atomically with the
 * limit), the accepted-updates counter ({@code LongAdder}), the receive-time high-water mark (CAS).
 * The flush thread is the only writer of {@code lastSuccessfulFlush}, {@code lastFailure},
 * {@code consecutiveFailures} and {@code retryAtNanos}; they are volatile for readers (health,
 * metrics). {@code flushRequested} and {@code shutdownRequested} are volatile flags set by callers
 * and read by the flush thread, which callers wake with {@code LockSupport.unpark}.</li>
 * </ul>
 *
 * <h2>Who may block</h2>
 * <ul>
 * <li><b>Writers never wait for the store.</b> They wait only for the write lock's few field writes
 * and for a name's bin lock. A write that would pass a limit is refused at once, changing nothing.</li>
 * <li><b>{@code flush(timeout)} callers wait</b>, up to their timeout, for the next swap-and-save
 * (concurrent callers share one save); the changes stay pending if it fails or times out.</li>
 * <li><b>{@code shutdown()} waits</b> for the final flush, which retries a failing store with backoff
 * until the shutdown timeout. Every caller of {@code shutdown} waits for the same end.</li>
 * <li><b>The flush thread</b> parks until a trigger: the first pending update, max updates reached,
 * the interval since the oldest pending update, the end of a retry backoff, a {@code flush} caller,
 * or shutdown. It calls the store without holding any lock and catches every {@code Throwable}, so
 * it cannot die and leave waiters hanging. Flush listeners run in it; audit listeners run in the
 * writer's thread after the change is accepted and outside every lock.</li>
 * </ul>
 */
package io.eventcheckpoint.engine;
