package io.eventcheckpoint.engine;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A store that decides fenced writes itself, synchronously, for stores shared by several replicas
 * (PostgreSQL): an optional addition to {@link CheckpointStore}. When the engine's store implements
 * it, every conditional write (If-Match, If-None-Match, a backward-move check, a lease token or a
 * name under a known lease) and every lease grant or release is decided here before the engine
 * answers; unconditional writes keep the in-memory path and are flushed later.
 * <p>
 * Each method is atomic: it applies everything or, when a condition fails, nothing, and throws the
 * engine's exception for the first failed condition. Called from request threads, concurrently.
 */
public interface FenceStore {

	/**
	 * Apply a batch of writes if every entry's conditions hold against the stored rows.
	 * @param writes the entries, one per name
	 * @param options the lease token and the backward-move rule
	 * @param receivedAt the receive time to store with the entries
	 * @return the stored metadata of each entry (its new version), in order
	 * @throws IOException if the store cannot be reached; nothing was applied
	 * @throws PreconditionFailedException if an If-Match or If-None-Match does not hold
	 * @throws BackwardMoveException if an entry moves backward and that is refused
	 * @throws LeaseConflictException if an entry's prefix is leased and the token is not the lease's
	 */
	List<LogMetadata> writeFenced(List<PositionWrite> writes, WriteOptions options, Instant receivedAt)
			throws IOException;

	/**
	 * Delete a log if its conditions hold.
	 * @param name the log
	 * @param ifMatch the version it must have, or 0
	 * @param leaseToken the writer's lease token, or {@code null}
	 * @param receivedAt the receive time of the deletion
	 * @return whether a log was deleted ({@code false} when none was stored)
	 * @throws IOException if the store cannot be reached; nothing was applied
	 * @throws PreconditionFailedException if If-Match does not hold
	 * @throws LeaseConflictException if the log's prefix is leased and the token is not the lease's
	 */
	boolean deleteFenced(String name, long ifMatch, String leaseToken, Instant receivedAt) throws IOException;

	/**
	 * Grant or renew a lease (see {@link Leases#acquire}).
	 * @param prefix the names it covers
	 * @param holder who asks
	 * @param ttl how long it lasts, positive
	 * @param now the current time
	 * @return the lease
	 * @throws IOException if the store cannot be reached
	 * @throws LeaseConflictException if another holder's live lease covers or overlaps the prefix
	 */
	Lease acquireLease(String prefix, String holder, Duration ttl, Instant now) throws IOException;

	/**
	 * Release a lease (see {@link Leases#release}).
	 * @param prefix its prefix
	 * @param token its current token
	 * @param now the current time
	 * @return the released lease, or {@code null} if the prefix has no live lease
	 * @throws IOException if the store cannot be reached
	 * @throws LeaseConflictException if the token is not the lease's current one
	 */
	Lease releaseLease(String prefix, String token, Instant now) throws IOException;

	/**
	 * The live leases.
	 * @param now the current time
	 * @return the leases live at {@code now}, sorted by prefix
	 * @throws IOException if the store cannot be reached
	 */
	List<Lease> liveLeases(Instant now) throws IOException;

}
