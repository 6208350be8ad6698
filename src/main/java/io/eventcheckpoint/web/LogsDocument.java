package io.eventcheckpoint.web;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Every position, or one page of them, in the shape of the checkpoint file. Only the OpenAPI
 * description uses this type: {@link LogsListing} streams the answer itself.
 *
 * @param updateTime time of the last successful flush, or {@code null} if none yet
 * @param eventLogs positions sorted by name (UTF-8 byte order)
 * @param next the cursor of the next page, absent on the last page and without {@code limit}
 */
@Schema(name = "EventLogs", description = "Positions in the shape of the Winlogbeat checkpoint file",
		requiredProperties = { "update_time", "event_logs" })
record LogsDocument(
		@Schema(description = "Time of the last successful flush to the store, or null before the first",
				example = "2026-11-24T10:00:05.2530588Z", nullable = true,
				format = "date-time") @JsonProperty("update_time") String updateTime,
		@Schema(description = "Positions sorted by name (UTF-8 byte order)") @JsonProperty("event_logs") List<LogState> eventLogs,
		@Schema(description = "Cursor of the next page: pass it as the cursor parameter. Absent on the last "
				+ "page.", example = "aG9zdC1hL1NlY3VyaXR5") String next) {
}
