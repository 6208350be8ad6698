package io.eventcheckpoint.engine;

import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * The last record a collector read from one event log: the unit the service remembers.
 *
 * @param name the event log's name, any well-formed Unicode text
 * @param recordNumber the record number as an <em>unsigned</em> 64-bit value (the whole range 0 to
 * 18446744073709551615, as Go's {@code uint64}); use {@link #recordNumberString()} to print it
 * @param timestamp the record's time, with nanoseconds and the offset the collector sent
 * @param bookmark the optional XML bookmark later Winlogbeat versions write, or {@code null}
 */
public record EventLogState(String name, long recordNumber, OffsetDateTime timestamp, String bookmark) {

	public EventLogState {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(timestamp, "timestamp");
	}

	public EventLogState(String name, long recordNumber, OffsetDateTime timestamp) {
		this(name, recordNumber, timestamp, null);
	}

	/**
	 * The record number as unsigned decimal digits.
	 * @return the record number, never negative
	 */
	public String recordNumberString() {
		return Long.toUnsignedString(this.recordNumber);
	}

}
