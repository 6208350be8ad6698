package io.eventcheckpoint.engine;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * The last record a collector read from one event log: the unit the service remembers.
 * <p>
 * A value with a record's semantics (equal when all four fields are equal, the timestamp by
 * {@link OffsetDateTime#equals}: same instant and same offset), but not a record: the timestamp is
 * held as three numbers (epoch second, nanoseconds, offset in seconds) rather than an
 * {@link OffsetDateTime}, whose object graph (date-time, date, time) costs about 96 bytes per log
 * on the heap, and a million logs must fit in a small heap. {@link #timestamp()} rebuilds it;
 * writers of the file, the journal and the database read the numbers directly.
 * <p>
 * Sealed rather than final: the engine keeps each log's metadata in a {@code TrackedState}, a
 * subclass that adds its fields inline (a second map of metadata cost about 80 bytes per log).
 * States the engine hands out may be such instances; equality, hash code and {@link #toString()}
 * are this class's, so they compare and print as plain states.
 */
public sealed class EventLogState permits TrackedState {

	/** Local epoch seconds of {@link LocalDateTime#MIN} and {@link LocalDateTime#MAX}. */
	private static final long MIN_LOCAL_SECOND = LocalDateTime.MIN.toEpochSecond(ZoneOffset.UTC);

	private static final long MAX_LOCAL_SECOND = LocalDateTime.MAX.toEpochSecond(ZoneOffset.UTC);

	private final String name;

	private final long recordNumber;

	private final long epochSecond;

	private final int nano;

	private final int offsetSeconds;

	private final String bookmark;

	/**
	 * A state.
	 * @param name the event log's name, any well-formed Unicode text
	 * @param recordNumber the record number as an <em>unsigned</em> 64-bit value (the whole range 0
	 * to 18446744073709551615, as Go's {@code uint64}); use {@link #recordNumberString()} to print it
	 * @param timestamp the record's time, with nanoseconds and the offset the collector sent
	 * @param bookmark the optional XML bookmark later Winlogbeat versions write, or {@code null}
	 */
	public EventLogState(String name, long recordNumber, OffsetDateTime timestamp, String bookmark) {
		this.name = Objects.requireNonNull(name, "name");
		Objects.requireNonNull(timestamp, "timestamp");
		this.recordNumber = recordNumber;
		this.epochSecond = timestamp.toEpochSecond();
		this.nano = timestamp.getNano();
		this.offsetSeconds = timestamp.getOffset().getTotalSeconds();
		this.bookmark = bookmark;
	}

	/**
	 * A state without a bookmark.
	 * @param name the event log's name
	 * @param recordNumber the record number, unsigned
	 * @param timestamp the record's time
	 */
	public EventLogState(String name, long recordNumber, OffsetDateTime timestamp) {
		this(name, recordNumber, timestamp, null);
	}

	/**
	 * A copy of a state, for a subclass that adds fields, under an equal name string: the engine
	 * keeps the string it already holds for a log, so a request's own copy of the name does not
	 * outlive the request.
	 */
	EventLogState(EventLogState state, String sameName) {
		this(sameName, state.recordNumber, state.epochSecond, state.nano, state.offsetSeconds, state.bookmark);
		assert sameName.equals(state.name);
	}

	/** A state from its numbers as they were already checked, without checking them again. */
	EventLogState(String name, long recordNumber, long epochSecond, int nano, int offsetSeconds, String bookmark) {
		this.name = Objects.requireNonNull(name, "name");
		this.recordNumber = recordNumber;
		this.epochSecond = epochSecond;
		this.nano = nano;
		this.offsetSeconds = offsetSeconds;
		this.bookmark = bookmark;
	}

	/**
	 * A state whose timestamp is given as the numbers {@link #epochSecond()}, {@link #nano()} and
	 * {@link #offsetSeconds()} return, without building an {@link OffsetDateTime}.
	 * @param name the event log's name
	 * @param recordNumber the record number, unsigned
	 * @param epochSecond the timestamp's seconds since 1970-01-01T00:00:00Z
	 * @param nano its nanoseconds, 0 to 999,999,999
	 * @param offsetSeconds its offset from UTC in seconds, -18:00 to +18:00
	 * @param bookmark the bookmark, or {@code null}
	 * @return the state
	 * @throws DateTimeException if the numbers are no time an {@link OffsetDateTime} can hold
	 */
	public static EventLogState of(String name, long recordNumber, long epochSecond, int nano, int offsetSeconds,
			String bookmark) {
		if (nano < 0 || nano > 999_999_999) {
			throw new DateTimeException("Invalid nanoseconds: " + nano);
		}
		ZoneOffset.ofTotalSeconds(offsetSeconds);
		long localSecond = epochSecond + offsetSeconds;
		if (epochSecond > MAX_LOCAL_SECOND + 18 * 3600 || localSecond < MIN_LOCAL_SECOND
				|| localSecond > MAX_LOCAL_SECOND) {
			throw new DateTimeException("Time out of range: " + epochSecond + " seconds at offset " + offsetSeconds);
		}
		return new EventLogState(name, recordNumber, epochSecond, nano, offsetSeconds, bookmark);
	}

	/** @return the event log's name */
	public String name() {
		return this.name;
	}

	/** @return the record number as an unsigned 64-bit value */
	public long recordNumber() {
		return this.recordNumber;
	}

	/**
	 * The record's time, rebuilt: the same local date-time and offset as given, so equal to it.
	 * Allocates; code that only needs the numbers reads {@link #epochSecond()}, {@link #nano()} and
	 * {@link #offsetSeconds()}.
	 * @return the record's time
	 */
	public OffsetDateTime timestamp() {
		ZoneOffset offset = ZoneOffset.ofTotalSeconds(this.offsetSeconds);
		return OffsetDateTime.of(LocalDateTime.ofEpochSecond(this.epochSecond, this.nano, offset), offset);
	}

	/** @return the timestamp's seconds since 1970-01-01T00:00:00Z */
	public long epochSecond() {
		return this.epochSecond;
	}

	/** @return the timestamp's nanoseconds, 0 to 999,999,999 */
	public int nano() {
		return this.nano;
	}

	/** @return the timestamp's offset from UTC in seconds */
	public int offsetSeconds() {
		return this.offsetSeconds;
	}

	/** @return the bookmark, or {@code null} */
	public String bookmark() {
		return this.bookmark;
	}

	/**
	 * The record number as unsigned decimal digits.
	 * @return the record number, never negative
	 */
	public String recordNumberString() {
		return Long.toUnsignedString(this.recordNumber);
	}

	/** Equal to any state with the same four fields, whatever else a subclass holds. */
	@Override
	public final boolean equals(Object other) {
		return other == this || (other instanceof EventLogState that && this.recordNumber == that.recordNumber
				&& this.epochSecond == that.epochSecond && this.nano == that.nano
				&& this.offsetSeconds == that.offsetSeconds && this.name.equals(that.name)
				&& Objects.equals(this.bookmark, that.bookmark));
	}

	@Override
	public final int hashCode() {
		int hash = this.name.hashCode();
		hash = 31 * hash + Long.hashCode(this.recordNumber);
		hash = 31 * hash + Long.hashCode(this.epochSecond);
		hash = 31 * hash + this.nano;
		hash = 31 * hash + this.offsetSeconds;
		return 31 * hash + Objects.hashCode(this.bookmark);
	}

	@Override
	public final String toString() {
		return "EventLogState[name=" + this.name + ", recordNumber=" + this.recordNumber + ", timestamp="
				+ timestamp() + ", bookmark=" + this.bookmark + "]";
	}

}
