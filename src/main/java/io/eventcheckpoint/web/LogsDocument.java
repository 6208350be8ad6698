package io.eventcheckpoint.web;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Every position, in the shape of the checkpoint file.
 *
 * @param updateTime time of the last successful flush, or {@code null} if none yet
 * @param eventLogs positions sorted by name (UTF-8 byte order)
 */
@Schema(name = "EventLogs", description = "Positions in the shape of the Winlogbeat checkpoint file")
record LogsDocument(
		@Schema(description = "Time of the last successful flush to the store, or null",
				example = "2026-11-24T10:00:05.2530588Z", nullable = true) @JsonProperty("update_time") String updateTime,
		@Schema(description = "Positions sorted by name") @JsonProperty("event_logs") List<LogState> eventLogs) {
}
