package io.eventcheckpoint.client;

import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * The last record a collector read from one event log, as Go's {@code checkpoint.EventLogState}.
 *
 * @param name the event log's name
 * @param recordNumber the record number, read as <em>unsigned</em> 64-bit: {@code -1L} is
 * 18446744073709551615 (use {@link #recordNumberString()} to print it)
 * @param timestamp the record's time, with nanoseconds and the offset it was stored with
 * @param bookmark the Winlogbeat XML bookmark, or {@code null}
 */
public record EventLogState(String name, long recordNumber, OffsetDateTime timestamp, String bookmark) {

	public EventLogState {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(timestamp, "timestamp");
	}

	/**
	 * The record number as unsigned decimal digits, as the service sends it.
	 * @return the digits, 0 to 18446744073709551615
	 */
	public String recordNumberString() {
		return Long.toUnsignedString(this.recordNumber);
	}

}
