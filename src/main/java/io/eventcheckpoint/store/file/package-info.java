/**
 * The file store: the Go-format YAML file plus an append-only journal beside it.
 *
 * <h2>Files</h2>
 * <pre>
 * checkpoint.yml                          the snapshot: exactly the file Winlogbeat's Go package reads
 * checkpoint.yml.prev                     the snapshot before it (hard link), for corrupt-file recovery
 * checkpoint.yml.meta                     versions, epochs, last-update times and leases of the
 *                                         snapshot, written just before it (see MetadataFile)
 * .checkpoint.yml.meta.tmp                a side file being rewritten (deleted at start-up)
 * .checkpoint.yml.tmp                     a snapshot being written (deleted at start-up)
 * checkpoint.yml.journal.0000000000000007 journal segments, numbered in hexadecimal, replayed in order
 * checkpoint.yml.corrupt-&lt;time&gt;             a corrupt snapshot moved aside
 * checkpoint.yml.lock                     locked (fcntl) by the running service; holds its pid
 * </pre>
 *
 * <h2>Side file</h2>
 * Text lines, later ones winning ({@code MetadataFile} has the format). Without a journal a flush
 * appends to it what changed since the previous flush (an L line per log whose state object is not
 * the one saved before, an S line with the counters, a lease block only if the leases changed)
 * and forces it with fdatasync before the YAML file is renamed; it is rewritten atomically instead
 * on the first flush after start-up, after a failed flush, when a log's metadata vanished, when
 * the appended part would outgrow the last rewrite (or 64 KiB), and at {@code close()}. A steady
 * flush of 100k logs so writes the YAML file and a few hundred bytes rather than 6 MB more. A torn
 * end left by a crash during an append is ignored at start-up, everything before it kept. The
 * journal's snapshots always rewrite it.
 *
 * <h2>Segment format</h2>
 * A segment starts with the 8 bytes {@code CKPTJNL\1} (name and format version 1), then records:
 * <pre>
 * record  := length:u32 crc:u32 payload[length]        big-endian; crc = CRC32C(payload)
 * payload := type:u8(=1) updateSeconds:i64 updateNanos:i32 count:u32 change*count
 * change  := kind:u8 nameLength:u32 name:utf8
 *            (kind 0 = delete: nothing more
 *             kind 1 = put:    recordNumber:u64 seconds:i64 nanos:i32 offsetSeconds:i32
 *             kind 2 = put:    as kind 1, then bookmarkLength:u32 bookmark:utf8
 *             kind 3, 4 = put: as kind 1, 2, then the log's metadata: updatedSeconds:i64
 *                              updatedNanos:i32 version:u64 epoch:u64)
 * payload := type:u8(=2) updateSeconds:i64 updateNanos:i32 count:u32 lastLeaseToken:i64 lease*count
 * lease   := prefix holder token (each length:u32 utf8) expiresSeconds:i64 expiresNanos:i32
 * </pre>
 * A type-2 record holds every lease; it is appended only when the leases changed, and the last one
 * replayed wins.
 * A flush is one record, or several of about 1 MiB for a large flush. Every record stands alone:
 * the flush's update time and the whole new state of each changed name (not a difference), so
 * replaying a record twice, or over a snapshot that already has it, yields the same states.
 *
 * <h2>Append (the flush thread)</h2>
 * A save encodes the batch's changes (the latest per name, deletes included), writes the records
 * to the open segment and calls {@code FileChannel.force(false)} (fdatasync) before returning; the
 * engine acknowledges durable writes only then, and concurrent durable writers share that one
 * flush (group commit). fdatasync suffices: besides the data it writes the metadata needed to
 * read it back, which for an append is the file size; the segment's name was made durable with
 * a directory fsync when the segment was created, before any record went into it. Segments are
 * not preallocated. Preallocating would spare the size update (measured with bench/fsync-probe.py:
 * median 0.14 ms instead of 0.44 ms, the same p99 of about 5 ms), but a zero-filled tail would
 * then be the normal end of a segment rather than a sign of damage, and the p99 a durable client
 * sees is set by the disk either way. A failed append cuts its partial bytes off
 * and the next append opens a new segment, so no good record ever follows a torn one.
 *
 * <h2>Snapshot (a background thread)</h2>
 * Started when the journal holds {@code checkpoint.snapshot-journal-size} bytes or when the
 * file is {@code checkpoint.snapshot-interval} old and the journal is not empty:
 * <ol>
 * <li>rotate: under the journal's lock (held by an append only through its fsync) open segment
 * N+1; every record of segments &lt;= N is now in memory;</li>
 * <li>read every state from memory (the engine's sorted view; writers are not blocked);</li>
 * <li>write {@code .checkpoint.yml.tmp}, force it, link the current file as {@code .prev},
 * rename over {@code checkpoint.yml}, force the directory;</li>
 * <li>delete segments &lt;= N and force the directory.</li>
 * </ol>
 * Appends go on into segment N+1 all the while. A crash before step 3's rename leaves the old file
 * and every segment: replay restores everything. A crash after it and before step 4 leaves the new
 * file and segments it already covers: replaying them again is harmless, as every record holds
 * absolute states and newer segments are replayed after older ones. (A name whose newest change
 * reached the snapshot from memory but not yet the journal may then show its last journaled
 * state: that change was never acknowledged as durable.) {@code close()} writes a last snapshot
 * and deletes every segment, so a stopped service leaves exactly the Go package's file.
 *
 * <h2>Start-up</h2>
 * Load the YAML file (falling back to {@code .prev}, or failing or starting empty as
 * {@code checkpoint.on-corrupt} says, exactly as without a journal) with every segment's records
 * applied in order. A record whose length is out of range or runs past the end, whose checksum does not
 * match, or whose payload does not parse ends its segment: the segment is truncated there with a
 * WARN, counted in {@code checkpoint.journal.truncations}, and replay goes on with the next
 * segment. A torn write, a zero-filled or garbage tail, or a flipped bit therefore costs only the
 * records from the damage on, never the ones before, and never stops start-up. Appends then go to
 * a new segment, and if anything was replayed a snapshot follows shortly in the background. A
 * directory written by a release without the journal has no segments and loads unchanged.
 * <p>
 * Replay is done in two passes over segments mapped read-only, before the YAML file is read: the
 * first ({@code JournalReplay}) checks every record in append order (checksum, then the layout of
 * every change, without building anything), which fixes where each segment ends exactly as a
 * record-by-record replay would; the second ({@code JournalMerge}) walks the good records
 * newest-first and keeps only the first change it meets for a name (the newest) in a table keyed
 * by the name's bytes. The YAML reader then hands it each state as it reads it, and a state the
 * journal replaced is swapped for the journal's (or dropped, for a delete) at once; names the file
 * does not hold are appended at the end. Damaged segments are cut only after that. The result
 * equals an in-order replay onto a map of the file's names, order and deletes included; it just
 * builds one state per name instead of one per change, and keeps no state the journal replaced,
 * which kept the collector busy more than the decoding did (1M logs + 100 MB of journal: see
 * docs/benchmarks.md).
 *
 * <h2>One process per file</h2>
 * The service holds an OS lock on {@code checkpoint.yml.lock} ({@code CheckpointFileLock}) from
 * before loading until after the final snapshot, so a second service on the same data directory
 * fails at start-up with the file's name and the owner's pid. The OS drops the lock with the
 * process, even on SIGKILL; the file stays.
 */
package io.eventcheckpoint.store.file;
